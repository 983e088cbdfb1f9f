package io.lockstep.vm;

import static io.lockstep.vm.testing.VmFixture.deploy;
import static io.lockstep.vm.testing.VmFixture.describe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.vm.testing.Wat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Host ABI v1 through a real contract: storage, input/output, context, logs, revert, fuel. */
class HostAbiTest {

    /**
     * Input byte 0 selects an action; the rest is its payload. Memory: 0..63 scratch, 64.. input,
     * 4096.. output buffer.
     */
    private static final String CONTRACT =
            """
            (module
              (import "lockstep" "storage_read" (func $read (param i32 i32 i32 i32) (result i32)))
              (import "lockstep" "storage_write" (func $write (param i32 i32 i32 i32)))
              (import "lockstep" "storage_remove" (func $remove (param i32 i32)))
              (import "lockstep" "input_size" (func $input_size (result i32)))
              (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
              (import "lockstep" "set_return" (func $return (param i32 i32)))
              (import "lockstep" "caller" (func $caller (param i32)))
              (import "lockstep" "self_address" (func $self (param i32)))
              (import "lockstep" "value" (func $value (param i32)))
              (import "lockstep" "block_height" (func $height (result i64)))
              (import "lockstep" "block_time" (func $time (result i64)))
              (import "lockstep" "emit_log" (func $log (param i32 i32 i32 i32)))
              (import "lockstep" "revert" (func $revert (param i32 i32)))
              (import "lockstep" "fuel_left" (func $fuel_left (result i64)))
              (memory 1)
              (data (i32.const 0) "key")
              (data (i32.const 8) "nope")
              (data (i32.const 16) "ok")
              (func (export "call") (local $n i32)
                (local.set $n (call $input_size))
                (call $input_copy (i32.const 64) (i32.const 0) (local.get $n))
                (block $done
                  (block $b8 (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1
                    (br_table $b1 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 $done (i32.load8_u (i32.const 64))))
                    ;; 1: store payload under "key", log it with topic = bytes 65..96 of input, return "ok"
                    (call $write (i32.const 0) (i32.const 3) (i32.const 65) (i32.sub (local.get $n) (i32.const 1)))
                    (call $log (i32.const 65) (i32.const 1) (i32.const 65) (i32.sub (local.get $n) (i32.const 1)))
                    (call $return (i32.const 16) (i32.const 2))
                    (br $done))
                    ;; 2: return the stored value
                    (call $return (i32.const 4096)
                      (call $read (i32.const 0) (i32.const 3) (i32.const 4096) (i32.const 1024)))
                    (br $done))
                    ;; 3: write, then revert with "nope"
                    (call $write (i32.const 0) (i32.const 3) (i32.const 16) (i32.const 2))
                    (call $revert (i32.const 8) (i32.const 4))
                    (br $done))
                    ;; 4: remove
                    (call $remove (i32.const 0) (i32.const 3))
                    (br $done))
                    ;; 5: caller ++ self ++ value ++ height ++ time
                    (call $caller (i32.const 4096))
                    (call $self (i32.const 4116))
                    (call $value (i32.const 4136))
                    (i64.store (i32.const 4168) (call $height))
                    (i64.store (i32.const 4176) (call $time))
                    (call $return (i32.const 4096) (i32.const 88))
                    (br $done))
                    ;; 6: storage write from outside memory
                    (call $write (i32.const 0) (i32.const 3) (i32.const 65530) (i32.const 100))
                    (br $done))
                    ;; 7: write, then trap
                    (call $write (i32.const 0) (i32.const 3) (i32.const 16) (i32.const 2))
                    unreachable)
                  ;; 8: report fuel left
                  (i64.store (i32.const 4096) (call $fuel_left))
                  (call $return (i32.const 4096) (i32.const 8)))))
            """;

    private static ContractVm vm;
    private static DeployedCode code;

    @BeforeAll
    static void setUp() {
        vm = new ContractVm(VmConfig.DEFAULT);
        code = deploy(vm, Wat.compile(CONTRACT));
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    private static byte[] key() {
        return "key".getBytes(StandardCharsets.UTF_8);
    }

    private static CallContext context(ContractStorage storage, byte... input) {
        byte[] caller = new byte[20];
        Arrays.fill(caller, (byte) 0xCA);
        byte[] self = new byte[20];
        Arrays.fill(self, (byte) 0x5E);
        byte[] value = new byte[32];
        value[31] = 42;
        return new CallContext(caller, self, value, 1234, 1_700_000_000L, input, storage);
    }

    private static CallOutcome callBoth(ContractStorage storage, byte... input) {
        InMemoryContractStorage copy = new InMemoryContractStorage();
        if (storage instanceof InMemoryContractStorage mem) {
            mem.snapshot().forEach(copy::put);
        }
        CallOutcome interpreted = vm.call(code, context(copy, input), 10_000_000, Engine.INTERPRETER);
        CallOutcome compiled = vm.call(code, context(storage, input), 10_000_000, Engine.COMPILED);
        assertEquals(describe(compiled), describe(interpreted));
        return compiled;
    }

    @Test
    void storesLogsAndReturns() {
        InMemoryContractStorage storage = new InMemoryContractStorage();
        byte[] input = new byte[33];
        input[0] = 1;
        for (int i = 1; i < input.length; i++) {
            input[i] = (byte) i;
        }
        CallOutcome.Success stored = assertInstanceOf(CallOutcome.Success.class, callBoth(storage, input));
        assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), stored.returnData());
        assertArrayEquals(Arrays.copyOfRange(input, 1, 33), storage.get(key()));
        assertEquals(1, stored.logs().size());
        assertArrayEquals(
                Arrays.copyOfRange(input, 1, 33), stored.logs().get(0).topics().get(0));
        assertArrayEquals(Arrays.copyOfRange(input, 1, 33), stored.logs().get(0).data());

        CallOutcome.Success read = assertInstanceOf(CallOutcome.Success.class, callBoth(storage, (byte) 2));
        assertArrayEquals(Arrays.copyOfRange(input, 1, 33), read.returnData());

        assertInstanceOf(CallOutcome.Success.class, callBoth(storage, (byte) 4));
        assertNull(storage.get(key()));
    }

    @Test
    void revertKeepsStorageAndCarriesTheReason() {
        InMemoryContractStorage storage = new InMemoryContractStorage();
        CallOutcome.Reverted reverted = assertInstanceOf(CallOutcome.Reverted.class, callBoth(storage, (byte) 3));
        assertArrayEquals("nope".getBytes(StandardCharsets.UTF_8), reverted.reason());
        assertEquals(0, storage.size(), "a reverted call writes nothing");
        assertTrue(reverted.fuelUsed() > 0);
    }

    @Test
    void trapKeepsStorage() {
        InMemoryContractStorage storage = new InMemoryContractStorage();
        CallOutcome.Trapped trapped = assertInstanceOf(CallOutcome.Trapped.class, callBoth(storage, (byte) 7));
        assertEquals(TrapKind.UNREACHABLE, trapped.kind());
        assertEquals(0, storage.size());
    }

    @Test
    void contextIsVisible() {
        CallOutcome.Success success =
                assertInstanceOf(CallOutcome.Success.class, callBoth(new InMemoryContractStorage(), (byte) 5));
        ByteBuffer out = ByteBuffer.wrap(success.returnData()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        byte[] caller = new byte[20];
        out.get(caller);
        assertEquals((byte) 0xCA, caller[7]);
        byte[] self = new byte[20];
        out.get(self);
        assertEquals((byte) 0x5E, self[19]);
        byte[] value = new byte[32];
        out.get(value);
        assertEquals(42, value[31]);
        assertEquals(1234, out.getLong());
        assertEquals(1_700_000_000L, out.getLong());
    }

    @Test
    void pointersOutsideMemoryTrapAsAbiViolations() {
        CallOutcome.Trapped trapped =
                assertInstanceOf(CallOutcome.Trapped.class, callBoth(new InMemoryContractStorage(), (byte) 6));
        assertEquals(TrapKind.HOST_ABI_VIOLATION, trapped.kind());
        assertTrue(trapped.message().contains("outside memory"), trapped.message());
    }

    @Test
    void fuelLeftIsVisibleAndHostCallsCostFuel() {
        CallOutcome.Success success =
                assertInstanceOf(CallOutcome.Success.class, callBoth(new InMemoryContractStorage(), (byte) 8));
        long left = ByteBuffer.wrap(success.returnData())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong();
        assertTrue(left > 0 && left < 10_000_000 - success.fuelUsed() + 10_000, "fuel left " + left);

        InMemoryContractStorage storage = new InMemoryContractStorage();
        byte[] input = new byte[33];
        input[0] = 1;
        long cost = callBoth(storage, input).fuelUsed();
        CostTable costs = VmConfig.DEFAULT.costs();
        assertTrue(cost > costs.storageWrite() + costs.hostCallBase() * 3, "storage writes must be charged");
        // one unit short of the full cost runs out inside a host function, leaving storage untouched
        InMemoryContractStorage untouched = new InMemoryContractStorage();
        CallOutcome starved = vm.call(code, context(untouched, input), cost - 1, Engine.COMPILED);
        assertInstanceOf(CallOutcome.OutOfFuel.class, starved);
        assertEquals(cost - 1, starved.fuelUsed());
        assertEquals(0, untouched.size());
    }
}
