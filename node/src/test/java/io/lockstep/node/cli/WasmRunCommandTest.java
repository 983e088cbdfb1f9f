package io.lockstep.node.cli;

import static io.lockstep.node.cli.CliRun.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.testing.Wat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WasmRunCommandTest {

    private static final String ARITHMETIC =
            """
            (module
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "four") (param f32 f64) (result i32 i64 f32 f64)
                (i32.const -1) (i64.const 2) (local.get 0) (local.get 1))
              (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
              (func (export "boom") unreachable))
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "interpreter"})
    void successPrintsResultsAndFuel(String engine) throws Exception {
        Path wasm = Wat.module(dir, "arithmetic", ARITHMETIC);

        JsonNode json = CliRun.of(args(
                        "wasm",
                        "run",
                        wasm,
                        "--invoke",
                        "add",
                        "--arg",
                        "i32:2",
                        "--arg",
                        "i32:0x3",
                        "--engine",
                        engine))
                .json();

        assertEquals("success", json.get("status").asText());
        assertEquals("[\"i32:0x00000005\"]", json.get("results").toString());
        assertTrue(json.get("fuelUsed").asLong() > 0, json::toString);
        assertFalse(json.has("message"), "a success carries no message: " + json);
    }

    @Test
    void bothEnginesPrintTheSameOutcome() throws Exception {
        Path wasm = Wat.module(dir, "arithmetic", ARITHMETIC);
        for (String export : List.of("four", "nan", "boom")) {
            List<String> common = args("wasm", "run", wasm, "--invoke", export);
            if (export.equals("four")) {
                common.addAll(args("--arg", "f32:1.5", "--arg", "f64:-0.1"));
            }
            List<String> compiled = new ArrayList<>(common);
            compiled.addAll(args("--engine", "compiled"));
            List<String> interpreter = new ArrayList<>(common);
            interpreter.addAll(args("--engine", "interpreter"));

            assertEquals(CliRun.of(compiled).stdout(), CliRun.of(interpreter).stdout(), export);
        }
    }

    @Test
    void everyValueKindCrossesTheBoundaryAsBits() throws Exception {
        Path wasm = Wat.module(dir, "arithmetic", ARITHMETIC);

        JsonNode four = CliRun.of(
                        args("wasm", "run", wasm, "--invoke", "four", "--arg", "f32:1.5", "--arg", "f64:-0.1"))
                .json();
        JsonNode nan = CliRun.of(args("wasm", "run", wasm, "--invoke", "nan")).json();

        assertEquals(
                "[\"i32:0xffffffff\",\"i64:0x0000000000000002\",\"f32:0x3fc00000\",\"f64:0xbfb999999999999a\"]",
                four.get("results").toString());
        assertEquals("[\"f32:0x7fc00000\"]", nan.get("results").toString(), "NaN results are canonical");
    }

    @Test
    void trapReportsItsKind() throws Exception {
        Path wasm = Wat.module(dir, "arithmetic", ARITHMETIC);

        JsonNode unreachable =
                CliRun.of(args("wasm", "run", wasm, "--invoke", "boom")).json();
        JsonNode divide = CliRun.of(args("wasm", "run", wasm, "--invoke", "div", "--arg", "i32:1", "--arg", "i32:0"))
                .json();

        assertEquals("trapped", unreachable.get("status").asText());
        assertEquals("unreachable", unreachable.get("trap").asText());
        assertFalse(unreachable.get("message").asText().isEmpty());
        assertEquals("[]", unreachable.get("results").toString());
        assertTrue(unreachable.get("fuelUsed").asLong() > 0, unreachable::toString);
        assertEquals("integer_divide_by_zero", divide.get("trap").asText());
    }

    @Test
    void infiniteLoopRunsOutOfTheFuelGiven() throws Exception {
        Path wasm = Wat.module(dir, "spin", "(module (func (export \"spin\") (loop (br 0))))");

        JsonNode limited = CliRun.of(args("wasm", "run", wasm, "--invoke", "spin", "--fuel", "250_000"))
                .json();
        JsonNode byDefault =
                CliRun.of(args("wasm", "run", wasm, "--invoke", "spin")).json();

        assertEquals("out_of_fuel", limited.get("status").asText());
        assertEquals(250_000, limited.get("fuelUsed").asLong(), "out of fuel consumes all fuel supplied");
        assertTrue(limited.get("message").asText().contains("fuel"), limited::toString);
        assertEquals(WasmRunCommand.DEFAULT_FUEL, byDefault.get("fuelUsed").asLong(), "default fuel");
        assertEquals(1_000_000_000L, WasmRunCommand.DEFAULT_FUEL, "the documented default");
    }

    @Test
    void unboundedRecursionExhaustsTheCallStack() throws Exception {
        Path wasm = Wat.module(dir, "recurse", "(module (func $f (export \"f\") (call $f)))");

        for (String engine : List.of("compiled", "interpreter")) {
            JsonNode json = CliRun.of(args("wasm", "run", wasm, "--invoke", "f", "--engine", engine))
                    .json();

            assertEquals("trapped", json.get("status").asText(), json::toString);
            assertEquals("call_stack_exhausted", json.get("trap").asText(), json::toString);
        }
    }

    @Test
    void memoryGrowthStopsAtTheChainLimit() throws Exception {
        Path wasm = Wat.module(
                dir,
                "grow",
                """
                (module
                  (memory 1 65536)
                  (func (export "fill") (result i32)
                    (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
                    (memory.size)))
                """);

        JsonNode json = CliRun.of(args("wasm", "run", wasm, "--invoke", "fill")).json();

        assertEquals("success", json.get("status").asText(), json::toString);
        assertEquals("[\"i32:0x00000200\"]", json.get("results").toString(), "512 pages (32 MiB) and no more");
    }

    @Test
    void oversizedInitialMemoryIsRefused() throws Exception {
        Path wasm = Wat.module(dir, "big", "(module (memory 60000) (func (export \"f\")))");

        JsonNode json = CliRun.of(args("wasm", "run", wasm, "--invoke", "f")).json();

        assertInvalid(json, "limit_exceeded");
    }

    @Test
    void hugeBrTableIsRefusedAndAnAdmissibleOneRuns() throws Exception {
        Path huge = Wat.module(dir, "huge", brTable(20_000));
        Path admissible = Wat.module(dir, "admissible", brTable(10_000));

        JsonNode refused = CliRun.of(args("wasm", "run", huge, "--invoke", "f", "--arg", "i32:3"))
                .json();
        JsonNode ran = CliRun.of(args("wasm", "run", admissible, "--invoke", "f", "--arg", "i32:9999"))
                .json();

        assertInvalid(refused, "limit_exceeded");
        assertTrue(refused.get("message").asText().contains("br_table"), refused::toString);
        assertEquals("[\"i32:0x00000007\"]", ran.get("results").toString(), ran::toString);
    }

    @Test
    void deepBlockNestingIsRefusedAndModerateNestingRuns() throws Exception {
        Path deep = Wat.module(dir, "deep", nestedBlocks(600));
        Path moderate = Wat.module(dir, "moderate", nestedBlocks(300));

        JsonNode refused = CliRun.of(args("wasm", "run", deep, "--invoke", "f")).json();
        JsonNode ran = CliRun.of(args("wasm", "run", moderate, "--invoke", "f")).json();

        assertInvalid(refused, "limit_exceeded");
        assertEquals("success", ran.get("status").asText(), ran::toString);
    }

    @Test
    void simdModuleIsRefused() throws Exception {
        Path wasm = Wat.module(
                dir,
                "simd",
                "(module (func (export \"f\") (result i32)" + " (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))");

        JsonNode json = CliRun.of(args("wasm", "run", wasm, "--invoke", "f")).json();

        assertInvalid(json, "feature_not_allowed");
    }

    @Test
    void malformedBytesAreRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("text.wasm"), "this is not WebAssembly");
        Path empty = Files.write(dir.resolve("empty.wasm"), new byte[0]);

        assertInvalid(CliRun.of(args("wasm", "run", text, "--invoke", "f")).json(), "malformed");
        assertInvalid(CliRun.of(args("wasm", "run", empty, "--invoke", "f")).json(), "malformed");
    }

    @Test
    void truncatedModuleIsRefused() throws Exception {
        Path whole = Wat.module(dir, "arithmetic", ARITHMETIC);
        byte[] bytes = Files.readAllBytes(whole);
        Set<Integer> sectionEnds = sectionEnds(bytes);
        int refused = 0;
        for (int length = 9; length < bytes.length; length++) {
            Path cut = Files.write(dir.resolve("cut.wasm"), Arrays.copyOf(bytes, length));

            JsonNode json = CliRun.of(args("wasm", "inspect", cut)).json();

            // A cut between sections may leave a valid shorter module; a cut inside one never does.
            if (!sectionEnds.contains(length)) {
                assertInvalid(json, "malformed");
                refused++;
            }
        }
        assertTrue(refused > bytes.length / 2, "most cuts fall inside a section");
        Path lastByteMissing = Files.write(dir.resolve("cut.wasm"), Arrays.copyOf(bytes, bytes.length - 1));
        assertInvalid(
                CliRun.of(args("wasm", "run", lastByteMissing, "--invoke", "add"))
                        .json(),
                "malformed");
    }

    @Test
    void foreignImportIsRefused() throws Exception {
        Path wasm = Wat.module(dir, "foreign", "(module (import \"env\" \"f\" (func)) (func (export \"g\")))");

        JsonNode json = CliRun.of(args("wasm", "run", wasm, "--invoke", "g")).json();

        assertInvalid(json, "import_not_allowed");
    }

    @Test
    void hostAbiModuleRunsInAnEmptyContext() throws Exception {
        Path wasm = Wat.module(
                dir,
                "host",
                """
                (module
                  (import "lockstep" "block_height" (func $height (result i64)))
                  (import "lockstep" "set_return" (func $return (param i32 i32)))
                  (import "lockstep" "emit_log" (func $log (param i32 i32 i32 i32)))
                  (memory 1)
                  (data (i32.const 0) "hello")
                  (func (export "height") (result i64) (call $height))
                  (func (export "effects")
                    (call $return (i32.const 0) (i32.const 5))
                    (call $log (i32.const 64) (i32.const 1) (i32.const 0) (i32.const 2))))
                """);

        JsonNode height =
                CliRun.of(args("wasm", "run", wasm, "--invoke", "height")).json();
        JsonNode effects =
                CliRun.of(args("wasm", "run", wasm, "--invoke", "effects")).json();

        assertEquals("[\"i64:0x0000000000000000\"]", height.get("results").toString());
        assertEquals("0x68656c6c6f", effects.get("returnData").asText());
        assertEquals(
                "[{\"topics\":[\"0x" + "00".repeat(32) + "\"],\"data\":\"0x6865\"}]",
                effects.get("logs").toString());
    }

    @Test
    void revertShowsItsReason() throws Exception {
        Path wasm = Wat.module(
                dir,
                "revert",
                """
                (module
                  (import "lockstep" "revert" (func $revert (param i32 i32)))
                  (memory 1)
                  (data (i32.const 0) "%s")
                  (func (export "no") (call $revert (i32.const 0) (i32.const %d))))
                """
                        .formatted(watString(JsonOutputTest.errorString("not allowed")), 4 + 32 + 32 + 32));

        JsonNode json = CliRun.of(args("wasm", "run", wasm, "--invoke", "no")).json();

        assertEquals("reverted", json.get("status").asText(), json::toString);
        assertEquals("reverted: not allowed", json.get("message").asText());
        assertTrue(json.get("revertData").asText().startsWith("0x08c379a0"), json::toString);
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Path wasm = Wat.module(dir, "arithmetic", ARITHMETIC);

        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--bogus")).assertUsageError("--bogus");
        CliRun.of(args("wasm", "run", wasm)).assertUsageError("--invoke");
        CliRun.of(args("wasm", "run", "--invoke", "add")).assertUsageError("FILE.wasm");
        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--arg", "i32")).assertUsageError("'i32'");
        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--arg", "x32:1"))
                .assertUsageError("x32");
        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--arg", "i32:0x123456789"))
                .assertUsageError("0x123456789");
        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--arg", "i32:4294967296"))
                .assertUsageError("does not fit in 32 bits");
        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--fuel", "-1")).assertUsageError("--fuel");
        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--fuel", "99999999999999999999"))
                .assertUsageError("--fuel");
        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--engine", "jit"))
                .assertUsageError("jit");
    }

    @Test
    void missingFileIsAUsageError() {
        CliRun.of(args("wasm", "run", dir.resolve("absent.wasm"), "--invoke", "f"))
                .assertUsageError("No such file");
        CliRun.of(args("wasm", "run", dir, "--invoke", "f")).assertUsageError("Not a regular file");
    }

    @Test
    void unknownExportIsAUsageErrorThatNamesTheExports() throws Exception {
        Path wasm = Wat.module(dir, "arithmetic", ARITHMETIC);

        CliRun run =
                CliRun.of(args("wasm", "run", wasm, "--invoke", "sub")).assertUsageError("No exported function 'sub'");

        assertTrue(run.stderr().contains("add"), run::stderr);
    }

    @Test
    void argumentsThatDoNotFitTheExportAreAUsageError() throws Exception {
        Path wasm = Wat.module(dir, "arithmetic", ARITHMETIC);

        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--arg", "i32:1"))
                .assertUsageError("takes 2 arguments, 1 given");
        CliRun.of(args("wasm", "run", wasm, "--invoke", "add", "--arg", "i32:1", "--arg", "i64:1"))
                .assertUsageError("is i32, given i64");
    }

    private static void assertInvalid(JsonNode json, String reason) {
        assertEquals("invalid", json.get("status").asText(), json::toString);
        assertEquals(reason, json.get("reason").asText(), json::toString);
        assertEquals("[]", json.get("results").toString());
        assertEquals(0, json.get("fuelUsed").asLong());
        assertFalse(json.get("message").asText().isEmpty(), json::toString);
    }

    /** A function whose br_table has {@code targets} entries, all leaving the same block. */
    private static String brTable(int targets) {
        return "(module (func (export \"f\") (param i32) (result i32) (block $out (br_table " + "$out ".repeat(targets)
                + "(local.get 0))) (i32.const 7)))";
    }

    private static String nestedBlocks(int depth) {
        return "(module (func (export \"f\") " + "(block ".repeat(depth) + ")".repeat(depth) + "))";
    }

    /** Where each section of a well-formed module ends: the header is 8 bytes, then id, LEB128 size, payload. */
    private static Set<Integer> sectionEnds(byte[] module) {
        Set<Integer> ends = new HashSet<>();
        int at = 8;
        while (at < module.length) {
            at++; // section id
            int size = 0;
            int shift = 0;
            byte b;
            do {
                b = module[at++];
                size |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            at += size;
            ends.add(at);
        }
        assertEquals(module.length, at, "the test module's sections fill it exactly");
        return ends;
    }

    /** Bytes as a WebAssembly text string literal body. */
    private static String watString(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("\\%02x", b & 0xFF));
        }
        return text.toString();
    }
}
