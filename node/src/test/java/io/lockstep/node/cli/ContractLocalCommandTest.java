package io.lockstep.node.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.node.testing.Wat;
import io.lockstep.vm.local.LocalChain;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines protocol of {@code contract local}, on a small hand-written contract. */
class ContractLocalCommandTest {

    /**
     * Stores its input under "k", logs it under one topic (the caller, left-padded) and returns it; an
     * empty input reverts with "empty"; an input starting with 0xff spins forever.
     */
    private static final String ECHO =
            """
            (module
              (import "lockstep" "input_size" (func $input_size (result i32)))
              (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
              (import "lockstep" "storage_write" (func $storage_write (param i32 i32 i32 i32)))
              (import "lockstep" "set_return" (func $set_return (param i32 i32)))
              (import "lockstep" "emit_log" (func $emit_log (param i32 i32 i32 i32)))
              (import "lockstep" "caller" (func $caller (param i32)))
              (import "lockstep" "revert" (func $revert (param i32 i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "k")
              (data (i32.const 8) "empty")
              (func (export "call") (local $n i32)
                (local.set $n (call $input_size))
                (if (i32.eqz (local.get $n)) (then (call $revert (i32.const 8) (i32.const 5))))
                (call $input_copy (i32.const 1024) (i32.const 0) (local.get $n))
                (if (i32.eq (i32.load8_u (i32.const 1024)) (i32.const 0xff)) (then (loop (br 0))))
                (call $storage_write (i32.const 0) (i32.const 1) (i32.const 1024) (local.get $n))
                (call $caller (i32.const 76))
                (call $emit_log (i32.const 64) (i32.const 1) (i32.const 1024) (local.get $n))
                (call $set_return (i32.const 1024) (local.get $n))))
            """;

    /** Its constructor stores its input under "k"; an input starting with 0xee reverts with the input. */
    private static final String WITH_CONSTRUCTOR =
            """
            (module
              (import "lockstep" "input_size" (func $input_size (result i32)))
              (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
              (import "lockstep" "storage_write" (func $storage_write (param i32 i32 i32 i32)))
              (import "lockstep" "revert" (func $revert (param i32 i32)))
              (memory 1)
              (data (i32.const 0) "k")
              (func (export "deploy") (local $n i32)
                (local.set $n (call $input_size))
                (call $input_copy (i32.const 1024) (i32.const 0) (local.get $n))
                (if (i32.eq (i32.load8_u (i32.const 1024)) (i32.const 0xee))
                  (then (call $revert (i32.const 1024) (local.get $n))))
                (call $storage_write (i32.const 0) (i32.const 1) (i32.const 1024) (local.get $n)))
              (func (export "call")))
            """;

    /** The empty custom section {@code lockstep.end} that ends a module before its constructor input. */
    private static final String END_SECTION = "000d0c" + HexFormat.of().formatHex("lockstep.end".getBytes(UTF_8));

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void deployCallAndStorageRoundTrip() throws Exception {
        Path wasm = Wat.module(temp, "echo", ECHO);

        List<JsonNode> responses = session(
                "{\"id\":1,\"method\":\"deploy\",\"wasm\":" + JSON.writeValueAsString(wasm.toString()) + "}",
                "{\"id\":2,\"method\":\"call\",\"to\":\"0x0000000000000000000000000000000000001000\","
                        + "\"data\":\"0xc0ffee\",\"caller\":\"0x" + "ab".repeat(20) + "\"}",
                "{\"id\":3,\"method\":\"storage\",\"address\":\"0x0000000000000000000000000000000000001000\","
                        + "\"key\":\"0x6b\"}",
                "{\"id\":\"four\",\"method\":\"storage\",\"address\":\"0x0000000000000000000000000000000000001000\"}");

        JsonNode deployed = responses.get(0);
        assertEquals(1, deployed.get("id").asInt());
        assertEquals(
                "0x0000000000000000000000000000000000001000",
                deployed.get("address").asText());
        assertEquals(Files.size(wasm), deployed.get("size").asLong());
        assertTrue(
                deployed.get("instrumentedSize").asLong() > deployed.get("size").asLong());

        JsonNode call = responses.get(1);
        assertEquals("success", call.get("status").asText(), call::toString);
        assertEquals("0xc0ffee", call.get("returnData").asText());
        assertTrue(
                call.get("fuelUsed").asLong()
                        > deployed.get("instantiationFuel").asLong(),
                call::toString);
        JsonNode log = call.get("logs").get(0);
        assertEquals(
                "0x" + "00".repeat(12) + "ab".repeat(20),
                log.get("topics").get(0).asText());
        assertEquals("0xc0ffee", log.get("data").asText());

        assertEquals("0xc0ffee", responses.get(2).get("value").asText());
        assertEquals("four", responses.get(3).get("id").asText());
        assertEquals("{\"0x6b\":\"0xc0ffee\"}", responses.get(3).get("entries").toString());
    }

    @Test
    void revertsRunOutOfFuelAndKeepNothing() throws Exception {
        Path wasm = Wat.module(temp, "echo", ECHO);
        String to = "\"to\":\"0x0000000000000000000000000000000000001000\"";

        List<JsonNode> responses = session(
                "{\"id\":1,\"method\":\"deploy\",\"code\":\"0x" + HexFormat.of().formatHex(Files.readAllBytes(wasm))
                        + "\"}",
                "{\"id\":2,\"method\":\"call\"," + to + ",\"data\":\"0x\"}",
                "{\"id\":3,\"method\":\"call\"," + to + ",\"data\":\"0xff\",\"fuel\":300000}",
                "{\"id\":4,\"method\":\"storage\",\"address\":\"0x0000000000000000000000000000000000001000\","
                        + "\"key\":\"6b\"}");

        assertEquals("reverted", responses.get(1).get("status").asText(), responses.get(1)::toString);
        assertEquals("0x656d707479", responses.get(1).get("revertData").asText());
        assertFalse(responses.get(1).has("returnData"));
        assertEquals("out_of_fuel", responses.get(2).get("status").asText());
        assertEquals(300_000, responses.get(2).get("fuelUsed").asLong());
        assertTrue(responses.get(3).get("value").isNull(), responses.get(3)::toString);
    }

    @Test
    void deployPassesConstructorArgumentsAndReportsAFailingConstructor() throws Exception {
        String module = "0x" + HexFormat.of().formatHex(Wat.bytes(WITH_CONSTRUCTOR)) + END_SECTION;
        String echo = "0x" + HexFormat.of().formatHex(Wat.bytes(ECHO)) + END_SECTION;
        String first = "\"address\":\"0x0000000000000000000000000000000000001000\"";
        String second = "\"address\":\"0x0000000000000000000000000000000000001001\"";

        List<JsonNode> responses = session(
                "{\"id\":1,\"method\":\"deploy\",\"code\":\"" + module + "\",\"args\":\"0x0a0b\"}",
                "{\"id\":2,\"method\":\"storage\"," + first + ",\"key\":\"0x6b\"}",
                "{\"id\":3,\"method\":\"deploy\",\"code\":\"" + module + "0c0d\"}",
                "{\"id\":4,\"method\":\"storage\"," + second + ",\"key\":\"0x6b\"}",
                "{\"id\":5,\"method\":\"deploy\",\"code\":\"" + module + "\",\"args\":\"0xee01\"}",
                "{\"id\":6,\"method\":\"deploy\",\"code\":\"" + echo + "\",\"args\":\"0x01\"}",
                "{\"id\":7,\"method\":\"deploy\",\"code\":\"" + module + "\",\"args\":\"0x01\",\"fuel\":10}");

        assertEquals(
                "0x0000000000000000000000000000000000001000",
                responses.get(0).get("address").asText());
        assertEquals((module.length() - 2) / 2, responses.get(0).get("size").asInt(), "the code is the module alone");
        assertEquals("0x0a0b", responses.get(1).get("value").asText(), responses.get(1)::toString);
        assertEquals("0x0c0d", responses.get(3).get("value").asText(), "arguments appended to the code");

        JsonNode reverted = responses.get(4);
        assertEquals("reverted", reverted.get("status").asText(), reverted::toString);
        assertEquals("0xee01", reverted.get("revertData").asText());
        assertTrue(reverted.get("error").asText().contains("constructor"), reverted::toString);
        assertEquals(
                "constructor arguments given but the module has no deploy export",
                responses.get(5).get("error").asText());
        assertEquals("out_of_fuel", responses.get(6).get("status").asText(), responses.get(6)::toString);
    }

    @Test
    void setBlockAndErrorsAreAnsweredInOrder() throws Exception {
        List<JsonNode> responses = session(
                "{\"id\":1,\"method\":\"setBlock\",\"height\":42,\"time\":1800000000}",
                "{\"id\":2,\"method\":\"setBlock\",\"height\":43}",
                "not json",
                "{\"id\":4,\"method\":\"fly\"}",
                "{\"id\":5,\"method\":\"call\",\"to\":\"0x00\"}",
                "{\"id\":6,\"method\":\"deploy\",\"code\":\"0x0061736d\"}",
                "{\"id\":7,\"method\":\"registerModel\",\"name\":\"m\",\"onnx\":\"absent.onnx\"}");

        assertEquals(
                "{\"id\":1,\"height\":42,\"time\":1800000000}", responses.get(0).toString());
        assertEquals(
                "{\"id\":2,\"height\":43,\"time\":1800000000}", responses.get(1).toString());
        assertTrue(responses.get(2).get("id").isNull());
        assertTrue(responses.get(2).get("error").asText().startsWith("not JSON"), responses.get(2)::toString);
        assertTrue(responses.get(3).get("error").asText().contains("unknown method 'fly'"));
        assertTrue(responses.get(4).get("error").asText().contains("no contract at 0x00"));
        assertTrue(responses.get(5).get("error").asText().contains("rejected"), responses.get(5)::toString);
        assertTrue(responses.get(6).get("error").asText().contains("absent.onnx"), responses.get(6)::toString);
        for (JsonNode error : responses.subList(2, responses.size())) {
            assertEquals(2, error.size(), () -> "an error is {id, error} only: " + error);
        }
    }

    @Test
    void theCommandIsReachableWithItsHelp() {
        CliRun run = CliRun.of("contract", "local", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.stdout().contains("JSON lines"), run.stdout());
    }

    private static List<JsonNode> session(String... lines) throws Exception {
        StringWriter out = new StringWriter();
        try (LocalChain chain = new LocalChain()) {
            new LocalChainSession(chain, new PrintWriter(out))
                    .serve(new BufferedReader(new StringReader(String.join("\n", lines) + "\n\n")));
        }
        List<JsonNode> responses = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            responses.add(JSON.readTree(line));
        }
        assertEquals(lines.length, responses.size(), "one response per request line, blank lines ignored");
        return responses;
    }
}
