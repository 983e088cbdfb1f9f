package io.lockstep.vm;

import static io.lockstep.vm.testing.VmFixture.deploy;
import static io.lockstep.vm.testing.VmFixture.describe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.vm.testing.Wat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fuel of what a call leaves behind (schedule version 6, docs/spec/fuel.md "Kept data"): the first
 * write of a key, a new key, growth of a key's kept size, logs, return data and revert reasons, each
 * measured exactly around the one host call that pays it, on both engines.
 */
class KeptDataFuelTest {

    /**
     * Runs a program from its input: {@code u32 opsAt}, then data the steps point into (the input is copied
     * to memory at 0, so an offset in the input is an address), then 17-byte steps of an opcode and four
     * little-endian i32 arguments. Around each of steps 0 to 3 it reads {@code fuel_left} before and after
     * the host call, in one straight-line segment, so the difference is that host call's charge plus the
     * second {@code fuel_left}'s {@code hostCallBase}; the differences are returned as i64s, one per step.
     * 0 storage_write(a, b, c, d), 1 storage_remove(a, b), 2 emit_log(a, b, c, d), 3 set_return(a, b),
     * 4 revert(a, b), 5 a times: key = i (4 bytes at b), storage_write(b, 4, c, d).
     */
    private static final String PROGRAM_RUNNER =
            """
            (module
              (import "lockstep" "storage_write" (func $write (param i32 i32 i32 i32)))
              (import "lockstep" "storage_remove" (func $remove (param i32 i32)))
              (import "lockstep" "input_size" (func $input_size (result i32)))
              (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
              (import "lockstep" "set_return" (func $return (param i32 i32)))
              (import "lockstep" "emit_log" (func $log (param i32 i32 i32 i32)))
              (import "lockstep" "revert" (func $revert (param i32 i32)))
              (import "lockstep" "fuel_left" (func $fuel_left (result i64)))
              (memory 3)
              (func (export "call")
                (local $n i32) (local $pc i32) (local $out i32) (local $op i32) (local $i i32)
                (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $before i64)
                (local.set $n (call $input_size))
                (call $input_copy (i32.const 0) (i32.const 0) (local.get $n))
                (local.set $pc (i32.load (i32.const 0)))
                (local.set $out (i32.const 131072))
                (block $end
                  (loop $step
                    (br_if $end (i32.gt_u (i32.add (local.get $pc) (i32.const 17)) (local.get $n)))
                    (local.set $op (i32.load8_u (local.get $pc)))
                    (local.set $a (i32.load offset=1 (local.get $pc)))
                    (local.set $b (i32.load offset=5 (local.get $pc)))
                    (local.set $c (i32.load offset=9 (local.get $pc)))
                    (local.set $d (i32.load offset=13 (local.get $pc)))
                    (local.set $pc (i32.add (local.get $pc) (i32.const 17)))
                    (block $next
                      (block $o5 (block $o4 (block $o3 (block $o2 (block $o1 (block $o0
                        (br_table $o0 $o1 $o2 $o3 $o4 $o5 $next (local.get $op)))
                        (local.set $before (call $fuel_left))
                        (call $write (local.get $a) (local.get $b) (local.get $c) (local.get $d))
                        (i64.store (local.get $out) (i64.sub (local.get $before) (call $fuel_left)))
                        (br $next))
                        (local.set $before (call $fuel_left))
                        (call $remove (local.get $a) (local.get $b))
                        (i64.store (local.get $out) (i64.sub (local.get $before) (call $fuel_left)))
                        (br $next))
                        (local.set $before (call $fuel_left))
                        (call $log (local.get $a) (local.get $b) (local.get $c) (local.get $d))
                        (i64.store (local.get $out) (i64.sub (local.get $before) (call $fuel_left)))
                        (br $next))
                        (local.set $before (call $fuel_left))
                        (call $return (local.get $a) (local.get $b))
                        (i64.store (local.get $out) (i64.sub (local.get $before) (call $fuel_left)))
                        (br $next))
                        (call $revert (local.get $a) (local.get $b))
                        (br $next))
                        (local.set $i (i32.const 0))
                        (block $written
                          (loop $many
                            (br_if $written (i32.ge_u (local.get $i) (local.get $a)))
                            (i32.store (local.get $b) (local.get $i))
                            (call $write (local.get $b) (i32.const 4) (local.get $c) (local.get $d))
                            (local.set $i (i32.add (local.get $i) (i32.const 1)))
                            (br $many))))
                    (local.set $out (i32.add (local.get $out) (i32.const 8)))
                    (br $step)))
                (call $return (i32.const 131072) (i32.sub (local.get $out) (i32.const 131072)))))
            """;

    private static final long FUEL = 1_000_000_000L;
    private static final CostTable COSTS = CostTable.V6;

    private static ContractVm vm;
    private static DeployedCode code;

    @BeforeAll
    static void setUp() {
        vm = new ContractVm(VmConfig.DEFAULT);
        code = deploy(vm, Wat.compile(PROGRAM_RUNNER));
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    @Test
    void theDefaultScheduleIsVersion6WithTheKeptDataPrices() {
        assertEquals(COSTS, VmConfig.DEFAULT.costs());
        assertEquals(6, COSTS.version());
        assertEquals(
                List.of(500_000, 1_000_000, 10_000, 37_500, 37_500, 800, 800),
                List.of(
                        COSTS.storageFirstWrite(),
                        COSTS.storageNewKey(),
                        COSTS.storagePerByte(),
                        COSTS.logBase(),
                        COSTS.logPerTopic(),
                        COSTS.logPerByte(),
                        COSTS.returnPerByte()));
    }

    @Test
    void theFirstWriteOfAnExistingKeyPaysForItsPathAndASecondOnlyForTheHostCall() {
        Program p = new Program();
        int key = p.data(bytes(32, 1));
        int value = p.data(bytes(32, 2));
        p.write(key, 32, value, 32).write(key, 32, value, 32);

        Run run = run(p, stored(bytes(32, 1), bytes(32, 9)));

        assertEquals(List.of(write(64) + 500_000, write(64)), run.charges());
        assertEquals(502_433, run.charges().get(0), "the schedule's numbers, written out");
        assertEquals(1, run.storage.gets, "the stored value is read once, on the first touch");
        assertArrayEquals(bytes(32, 2), run.storage.get(bytes(32, 1)));
    }

    @Test
    void aNewKeyPaysItsPathItsCreationAndEachOfItsBytes() {
        Program p = new Program();
        int key = p.data(bytes(32, 1));
        int value = p.data(bytes(32, 2));
        p.write(key, 32, value, 32);

        Run run = run(p, new CountingStorage());

        assertEquals(List.of(write(64) + 500_000 + 1_000_000 + 64 * 10_000), run.charges());
        assertEquals(2_142_433, run.charges().get(0), "the schedule's numbers, written out");
    }

    @Test
    void growingAnExistingValuePaysOnlyTheNewBytes() {
        Program p = new Program();
        int key = p.data(bytes(32, 1));
        int value = p.data(bytes(40, 2));
        p.write(key, 32, value, 40);

        Run run = run(p, stored(bytes(32, 1), bytes(32, 9)));

        assertEquals(List.of(write(72) + 500_000 + 8 * 10_000), run.charges());
    }

    @Test
    void afterShrinkingAValueOnlyGrowthAboveTheLargestSizePaidIsCharged() {
        Program p = new Program();
        int key = p.data(bytes(32, 1));
        int value = p.data(bytes(40, 2));
        p.write(key, 32, value, 10) // 42 bytes kept, below the stored 64: no refund
                .write(key, 32, value, 32) // back to 64: paid already
                .write(key, 32, value, 40) // 72: 8 bytes above 64
                .write(key, 32, value, 36); // 68: paid already

        Run run = run(p, stored(bytes(32, 1), bytes(32, 9)));

        assertEquals(List.of(write(42) + 500_000, write(64), write(72) + 8 * 10_000, write(68)), run.charges());
        assertEquals(36, run.storage.get(bytes(32, 1)).length);
    }

    @Test
    void removingThenSettingAnExistingKeyPaysNoCreationAndRefundsNothing() {
        Program p = new Program();
        int key = p.data(bytes(32, 1));
        int value = p.data(bytes(33, 2));
        p.remove(key, 32).write(key, 32, value, 32).write(key, 32, value, 33);

        Run run = run(p, stored(bytes(32, 1), bytes(32, 9)));

        assertEquals(List.of(remove(32) + 500_000, write(64), write(65) + 10_000), run.charges());
    }

    @Test
    void removingThenSettingAnAbsentKeyPaysItsCreationOnce() {
        Program p = new Program();
        int key = p.data(bytes(32, 1));
        int value = p.data(bytes(32, 2));
        p.remove(key, 32).write(key, 32, value, 32).remove(key, 32).write(key, 32, value, 32);

        Run run = run(p, new CountingStorage());

        assertEquals(
                List.of(remove(32) + 500_000, write(64) + 1_000_000 + 64 * 10_000, remove(32), write(64)),
                run.charges());
        assertEquals(1, run.storage.gets);
        assertEquals(1, run.storage.size());
    }

    @Test
    void distinctKeysEachPayTheirOwnFirstWrite() {
        Program p = new Program();
        int first = p.data(bytes(8, 1));
        int second = p.data(bytes(8, 2));
        int value = p.data(bytes(8, 3));
        p.write(first, 8, value, 8).write(second, 8, value, 8).write(first, 8, value, 8);

        Run run = run(p, stored(bytes(8, 2), bytes(8, 9)));

        long created = write(16) + 500_000 + 1_000_000 + 16 * 10_000;
        assertEquals(List.of(created, write(16) + 500_000, write(16)), run.charges());
    }

    @Test
    void aLogPaysPerLogPerTopicAndPerByteOfData() {
        for (int topics = 0; topics <= 4; topics++) {
            for (int data : new int[] {0, 1, 100, 65_536}) {
                Program p = new Program();
                int topicBytes = p.data(bytes(4 * 32, 7));
                int dataBytes = p.data(bytes(data, 8));
                p.log(topicBytes, topics, dataBytes, data);

                Run run = run(p, new CountingStorage());

                long expected =
                        COSTS.hostCallBase() + hostBytes(32L * topics + data) + 37_500 + 37_500L * topics + 800L * data;
                assertEquals(List.of(expected), run.charges(), topics + " topics, " + data + " bytes");
                assertEquals(1, run.success.logs().size());
                assertEquals(topics, run.success.logs().get(0).topics().size());
            }
        }
    }

    @Test
    void returnDataPaysPerByteEachTimeItIsSet() {
        for (int length : new int[] {0, 1, 32, 65_536}) {
            Program p = new Program();
            int at = p.data(bytes(length, 5));
            p.setReturn(at, length).setReturn(at, length);

            Run run = run(p, new CountingStorage());

            long expected = COSTS.hostCallBase() + hostBytes(length) + 800L * length;
            assertEquals(List.of(expected, expected), run.charges(), length + " bytes");
        }
    }

    @Test
    void aRevertReasonPaysPerByte() {
        long[] used = new long[2];
        int[] lengths = {0, 1_000};
        for (int i = 0; i < lengths.length; i++) {
            Program p = new Program();
            int at = p.data(bytes(1_000, 6));
            p.revert(at, lengths[i]);
            CallOutcome.Reverted reverted =
                    assertInstanceOf(CallOutcome.Reverted.class, callBoth(p.input(), new CountingStorage()));
            assertEquals(lengths[i], reverted.reason().length);
            used[i] = reverted.fuelUsed();
        }
        // the same code path with a longer reason: only the revert's per-byte charges differ
        assertEquals(hostBytes(1_000) - hostBytes(0) + 800L * 1_000, used[1] - used[0]);
    }

    @Test
    void runningOutOfFuelInAStorageBombStopsItEarlyAndKeepsNoWrite() {
        Program p = new Program();
        int keyAt = p.data(new byte[4]);
        int value = p.data(bytes(32, 3));
        p.writeMany(1_000_000, keyAt, value, 32);
        long budget = 100_000_000;

        CountingStorage storage = new CountingStorage();
        CallOutcome outcome = vm.call(code, context(p.input(), storage), budget, Engine.COMPILED);
        CountingStorage other = new CountingStorage();
        CallOutcome interpreted = vm.call(code, context(p.input(), other), budget, Engine.INTERPRETER);

        assertEquals(describe(outcome), describe(interpreted));
        assertInstanceOf(CallOutcome.OutOfFuel.class, outcome);
        assertEquals(budget, outcome.fuelUsed());
        assertEquals(0, storage.size(), "no write of an out-of-fuel call is kept");
        assertEquals(0, storage.puts);
        // each new key costs at least its first write and its creation, so the call touched only the
        // keys its fuel could pay for, of the million it asked for
        long mostKeys = budget / (COSTS.storageFirstWrite() + COSTS.storageNewKey()) + 1;
        assertTrue(storage.gets >= 1 && storage.gets <= mostKeys, "keys touched: " + storage.gets);
        assertEquals(storage.gets, other.gets, "both engines stop at the same key");
    }

    // the charge of storage_write with key + value = n bytes, and of storage_remove of an n-byte key
    private static long write(long n) {
        return COSTS.hostCallBase() + COSTS.storageWrite() + hostBytes(n);
    }

    private static long remove(long keyBytes) {
        return COSTS.hostCallBase() + COSTS.storageWrite() + hostBytes(keyBytes);
    }

    private static long hostBytes(long n) {
        return (n * COSTS.hostPerKiB() + 1023) / 1024;
    }

    private static byte[] bytes(int length, int fill) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) fill);
        return out;
    }

    private static CountingStorage stored(byte[] key, byte[] value) {
        CountingStorage storage = new CountingStorage();
        storage.put(key, value);
        storage.puts = 0;
        return storage;
    }

    private static CallContext context(byte[] input, ContractStorage storage) {
        return new CallContext(new byte[20], new byte[20], new byte[32], 1, 1, input, storage);
    }

    /** Runs on both engines, each on its own copy of {@code storage}; returns the compiled engine's outcome. */
    private static CallOutcome callBoth(byte[] input, CountingStorage storage) {
        CountingStorage copy = new CountingStorage();
        storage.entries.snapshot().forEach(copy.entries::put);
        CallOutcome interpreted = vm.call(code, context(input, copy), FUEL, Engine.INTERPRETER);
        CallOutcome compiled = vm.call(code, context(input, storage), FUEL, Engine.COMPILED);
        assertEquals(describe(compiled), describe(interpreted));
        return compiled;
    }

    private static Run run(Program p, CountingStorage storage) {
        CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, callBoth(p.input(), storage));
        return new Run(success, storage);
    }

    /** A successful run: its outcome, and the storage it ran on. */
    private record Run(CallOutcome.Success success, CountingStorage storage) {

        /** Each measured step's host-call charge, without the second {@code fuel_left}'s own base. */
        List<Long> charges() {
            ByteBuffer out = ByteBuffer.wrap(success.returnData()).order(ByteOrder.LITTLE_ENDIAN);
            List<Long> charges = new ArrayList<>();
            while (out.hasRemaining()) {
                charges.add(out.getLong() - COSTS.hostCallBase());
            }
            return charges;
        }
    }

    /** A program for {@link #PROGRAM_RUNNER}: its data, then its steps. */
    private static final class Program {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private final ByteArrayOutputStream steps = new ByteArrayOutputStream();

        /** Places {@code bytes} in the data; returns their address in the contract's memory. */
        int data(byte[] bytes) {
            int at = 4 + data.size();
            data.writeBytes(bytes);
            return at;
        }

        Program write(int key, int keyLength, int value, int valueLength) {
            return step(0, key, keyLength, value, valueLength);
        }

        Program remove(int key, int keyLength) {
            return step(1, key, keyLength, 0, 0);
        }

        Program log(int topics, int topicCount, int data, int dataLength) {
            return step(2, topics, topicCount, data, dataLength);
        }

        Program setReturn(int at, int length) {
            return step(3, at, length, 0, 0);
        }

        Program revert(int at, int length) {
            return step(4, at, length, 0, 0);
        }

        Program writeMany(int count, int keyAt, int value, int valueLength) {
            return step(5, count, keyAt, value, valueLength);
        }

        private Program step(int op, int a, int b, int c, int d) {
            ByteBuffer step = ByteBuffer.allocate(17).order(ByteOrder.LITTLE_ENDIAN);
            step.put((byte) op).putInt(a).putInt(b).putInt(c).putInt(d);
            steps.writeBytes(step.array());
            return this;
        }

        byte[] input() {
            ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(4 + data.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header.array());
            out.writeBytes(data.toByteArray());
            out.writeBytes(steps.toByteArray());
            return out.toByteArray();
        }
    }

    /** Storage that counts what the VM asks of it. */
    private static final class CountingStorage implements ContractStorage {
        final InMemoryContractStorage entries = new InMemoryContractStorage();
        int gets;
        int puts;

        @Override
        public byte[] get(byte[] key) {
            gets++;
            return entries.get(key);
        }

        @Override
        public void put(byte[] key, byte[] value) {
            puts++;
            entries.put(key, value);
        }

        @Override
        public void remove(byte[] key) {
            entries.remove(key);
        }

        int size() {
            return entries.size();
        }
    }
}
