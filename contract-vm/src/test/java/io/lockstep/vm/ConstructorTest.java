package io.lockstep.vm;

import static io.lockstep.vm.testing.VmFixture.concat;
import static io.lockstep.vm.testing.VmFixture.deploy;
import static io.lockstep.vm.testing.VmFixture.describe;
import static io.lockstep.vm.testing.VmFixture.endSection;
import static io.lockstep.vm.testing.VmFixture.rejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.vm.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code deploy} export: run once with the constructor input, on both engines alike; refused when mistyped. */
class ConstructorTest {

    /**
     * The constructor stores its input under "init" first; then input byte 0 picks: 1 reverts with "no", 2
     * traps, 3 loops until the fuel runs out; anything else stores caller ‖ self ‖ value under "ctx", logs
     * the input and sets return data. {@code call} returns what is under "init".
     */
    private static final String CONTRACT =
            """
            (module
              (import "lockstep" "storage_read" (func $read (param i32 i32 i32 i32) (result i32)))
              (import "lockstep" "storage_write" (func $write (param i32 i32 i32 i32)))
              (import "lockstep" "input_size" (func $input_size (result i32)))
              (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
              (import "lockstep" "set_return" (func $return (param i32 i32)))
              (import "lockstep" "caller" (func $caller (param i32)))
              (import "lockstep" "self_address" (func $self (param i32)))
              (import "lockstep" "value" (func $value (param i32)))
              (import "lockstep" "emit_log" (func $log (param i32 i32 i32 i32)))
              (import "lockstep" "revert" (func $revert (param i32 i32)))
              (memory 1)
              (data (i32.const 0) "init")
              (data (i32.const 8) "ctx")
              (data (i32.const 16) "no")
              (func (export "deploy") (local $n i32)
                (local.set $n (call $input_size))
                (call $input_copy (i32.const 1024) (i32.const 0) (local.get $n))
                (call $write (i32.const 0) (i32.const 4) (i32.const 1024) (local.get $n))
                (if (i32.eq (i32.load8_u (i32.const 1024)) (i32.const 1))
                  (then (call $revert (i32.const 16) (i32.const 2))))
                (if (i32.eq (i32.load8_u (i32.const 1024)) (i32.const 2))
                  (then unreachable))
                (if (i32.eq (i32.load8_u (i32.const 1024)) (i32.const 3))
                  (then (loop $forever (br $forever))))
                (call $caller (i32.const 512))
                (call $self (i32.const 532))
                (call $value (i32.const 552))
                (call $write (i32.const 8) (i32.const 3) (i32.const 512) (i32.const 72))
                (call $log (i32.const 0) (i32.const 0) (i32.const 1024) (local.get $n))
                (call $return (i32.const 0) (i32.const 4)))
              (func (export "call")
                (call $return (i32.const 1024)
                  (call $read (i32.const 0) (i32.const 4) (i32.const 1024) (i32.const 1024)))))
            """;

    private static final long FUEL = 10_000_000;
    private static final byte[] CALLER = filled(20, 0xCA);
    private static final byte[] SELF = filled(20, 0x5E);
    private static final HexFormat HEX = HexFormat.of();

    private static ContractVm vm;
    private static DeployedCode code;

    @BeforeAll
    static void setUp() {
        vm = new ContractVm(VmConfig.DEFAULT);
        code = deploy(vm, concat(Wat.compile(CONTRACT), endSection()));
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    @Test
    void runsWithTheDeployContextAndIdenticalFuelAndStorageOnBothEngines() {
        assertTrue(code.hasConstructor());
        byte[] input = concat(new byte[] {5}, filled(40, 0x77));
        byte[] value = new byte[32];
        value[31] = 9;
        Run run = constructBoth(input, value, FUEL);

        CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, run.outcome);
        assertTrue(success.fuelUsed() > code.instantiationFuel(), "metered: " + success.fuelUsed());
        assertEquals(0, success.returnData().length, "a deploy returns nothing");
        assertEquals(1, success.logs().size());
        assertArrayEquals(input, success.logs().get(0).data());
        assertArrayEquals(input, run.storage.get(bytes("init")));
        assertArrayEquals(concat(CALLER, SELF, value), run.storage.get(bytes("ctx")));

        CallOutcome.Success read = assertInstanceOf(
                CallOutcome.Success.class,
                vm.call(code, context(new byte[0], new byte[32], run.storage), FUEL, Engine.COMPILED));
        assertArrayEquals(input, read.returnData(), "a later call sees what the constructor stored");
    }

    @Test
    void anEmptyInputIsAnInputToo() {
        Run run = constructBoth(new byte[0], new byte[32], FUEL);
        assertInstanceOf(CallOutcome.Success.class, run.outcome);
        assertArrayEquals(new byte[0], run.storage.get(bytes("init")));
    }

    @Test
    void aRevertKeepsNothingAndReturnsItsData() {
        Run run = constructBoth(new byte[] {1}, new byte[32], FUEL);
        CallOutcome.Reverted reverted = assertInstanceOf(CallOutcome.Reverted.class, run.outcome);
        assertArrayEquals(bytes("no"), reverted.reason());
        assertTrue(run.storage.snapshot().isEmpty(), "the write before the revert is dropped");
    }

    @Test
    void aTrapKeepsNothingAndUsesAllTheFuel() {
        Run run = constructBoth(new byte[] {2}, new byte[32], FUEL);
        CallOutcome.Trapped trapped = assertInstanceOf(CallOutcome.Trapped.class, run.outcome);
        assertEquals(TrapKind.UNREACHABLE, trapped.kind());
        assertEquals(FUEL, trapped.fuelUsed());
        assertTrue(run.storage.snapshot().isEmpty());
    }

    @Test
    void runningOutOfFuelKeepsNothing() {
        Run run = constructBoth(new byte[] {3}, new byte[32], 500_000);
        assertInstanceOf(CallOutcome.OutOfFuel.class, run.outcome);
        assertEquals(500_000, run.outcome.fuelUsed());
        assertTrue(run.storage.snapshot().isEmpty());
    }

    @Test
    void codeWithoutADeployExportHasNoConstructor() {
        DeployedCode plain = deploy(vm, Wat.compile("(module (func (export \"call\")))"));
        assertFalse(plain.hasConstructor());
        assertThrows(
                IllegalArgumentException.class,
                () -> vm.construct(
                        plain,
                        context(new byte[0], new byte[32], new InMemoryContractStorage()),
                        FUEL,
                        Engine.COMPILED));
    }

    @Test
    void aDeployExportOfAnotherTypeRefusesTheModule() {
        Map<String, String> modules = new TreeMap<>();
        modules.put("a parameter", "(module (func (export \"deploy\") (param i32)))");
        modules.put("a result", "(module (func (export \"deploy\") (result i32) (i32.const 0)))");
        modules.put("a global", "(module (global (export \"deploy\") i32 (i32.const 0)))");
        modules.put("a memory", "(module (memory (export \"deploy\") 1))");
        modules.put(
                "a host function",
                "(module (import \"lockstep\" \"input_size\" (func $f (result i32))) (export \"deploy\" (func $f)))");
        modules.forEach((what, wat) -> {
            DeployResult.Rejected refused = rejected(vm, Wat.compile(wat));
            assertEquals(RejectReason.INVALID, refused.reason(), what);
            assertTrue(
                    refused.message().contains("export 'deploy' must be a function of type () -> ()"),
                    what + ": " + refused.message());
        });
    }

    @Test
    void aModuleWithBytesAfterItsMarkerOrAFilledMarkerIsRefused() {
        byte[] module = concat(Wat.compile(CONTRACT), endSection());
        DeployResult.Rejected trailing = rejected(vm, concat(module, endSection()));
        assertEquals(RejectReason.MALFORMED, trailing.reason());
        assertTrue(trailing.message().contains("follow the lockstep.end section"), trailing.message());

        byte[] filled = concat(Wat.compile(CONTRACT), new byte[] {0, 14, 12}, bytes("lockstep.end"), new byte[] {7});
        DeployResult.Rejected payload = rejected(vm, filled);
        assertEquals(RejectReason.MALFORMED, payload.reason());
        assertTrue(payload.message().contains("must be empty"), payload.message());
    }

    @Test
    void theMarkerIsPartOfTheCodeAndItsHash() {
        byte[] module = concat(Wat.compile(CONTRACT), endSection());
        assertEquals(CodeHash.of(module), code.hash());
        assertEquals(module.length, code.originalSize());
    }

    private record Run(CallOutcome outcome, InMemoryContractStorage storage) {}

    /** Constructs on both engines against fresh storages, insisting on identical outcomes and storage. */
    private static Run constructBoth(byte[] input, byte[] value, long fuel) {
        InMemoryContractStorage compiledStorage = new InMemoryContractStorage();
        InMemoryContractStorage interpretedStorage = new InMemoryContractStorage();
        CallOutcome compiled = vm.construct(code, context(input, value, compiledStorage), fuel, Engine.COMPILED);
        CallOutcome interpreted =
                vm.construct(code, context(input, value, interpretedStorage), fuel, Engine.INTERPRETER);
        assertEquals(describe(compiled), describe(interpreted), "compiled and interpreted outcomes differ");
        assertEquals(dump(compiledStorage), dump(interpretedStorage), "compiled and interpreted storage differ");
        return new Run(compiled, compiledStorage);
    }

    private static CallContext context(byte[] input, byte[] value, ContractStorage storage) {
        return new CallContext(CALLER, SELF, value, 7, 1_700_000_000L, input, storage);
    }

    private static String dump(InMemoryContractStorage storage) {
        StringBuilder text = new StringBuilder();
        storage.snapshot().forEach((k, v) -> text.append(HEX.formatHex(k))
                .append('=')
                .append(HEX.formatHex(v))
                .append(' '));
        return text.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int length, int b) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }
}
