package io.lockstep.node.cli;

import static io.lockstep.node.cli.CliRun.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.testing.Wat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasmInspectCommandTest {

    @TempDir
    Path dir;

    @Test
    void describesAnAdmittedModule() throws Exception {
        Path wasm = Wat.module(
                dir,
                "two",
                """
                (module
                  (memory 2)
                  (func (export "one") (result i32) (i32.const 1))
                  (func (export "two") (result i32) (i32.const 2))
                  (export "mem" (memory 0)))
                """);
        byte[] bytes = Files.readAllBytes(wasm);

        JsonNode json = CliRun.of(args("wasm", "inspect", wasm)).json();

        assertEquals("valid", json.get("status").asText());
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals("0x" + sha256, json.get("codeHash").asText());
        assertEquals(bytes.length, json.get("size").asInt());
        assertTrue(json.get("instrumentedSize").asInt() > bytes.length, "instrumentation adds code: " + json);
        assertEquals("[\"one\",\"two\"]", json.get("exports").toString(), "functions only, in export order");
        assertTrue(json.get("instantiationFuel").asLong() > 0, json::toString);
        assertEquals(6, json.get("costTable").asInt());
    }

    @Test
    void reportsWhyAModuleIsRefused() throws Exception {
        Path wasm = Files.write(dir.resolve("junk.wasm"), new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0});

        JsonNode json = CliRun.of(args("wasm", "inspect", wasm)).json();

        assertEquals("invalid", json.get("status").asText());
        assertEquals("malformed", json.get("reason").asText());
        assertTrue(json.get("message").asText().contains("version"), json::toString);
    }

    @Test
    void missingFileIsAUsageError() {
        CliRun.of(args("wasm", "inspect", dir.resolve("absent.wasm"))).assertUsageError("No such file");
    }
}
