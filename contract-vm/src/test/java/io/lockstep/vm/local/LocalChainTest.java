package io.lockstep.vm.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.CodeHash;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.InMemoryContractStorage;
import io.lockstep.vm.testing.VmFixture;
import io.lockstep.vm.testing.Wat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local chain: real deploys and calls, storage per contract kept only on success, the block it sets. */
class LocalChainTest {

    /**
     * Input byte 0: 1 stores bytes 1.. under "k" and returns "ok"; 2 returns the stored value; 3 stores
     * then reverts; 4 returns caller ‖ self ‖ value ‖ height ‖ time; 5 stores then traps.
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
              (import "lockstep" "block_height" (func $height (result i64)))
              (import "lockstep" "block_time" (func $time (result i64)))
              (import "lockstep" "revert" (func $revert (param i32 i32)))
              (memory 1)
              (data (i32.const 0) "k")
              (data (i32.const 8) "no")
              (data (i32.const 16) "ok")
              (func (export "call") (local $n i32)
                (local.set $n (call $input_size))
                (call $input_copy (i32.const 64) (i32.const 0) (local.get $n))
                (block $done
                  (block $b5 (block $b4 (block $b3 (block $b2 (block $b1
                    (br_table $done $b1 $b2 $b3 $b4 $b5 $done (i32.load8_u (i32.const 64))))
                    (call $write (i32.const 0) (i32.const 1) (i32.const 65) (i32.sub (local.get $n) (i32.const 1)))
                    (call $return (i32.const 16) (i32.const 2))
                    (br $done))
                    (call $return (i32.const 4096)
                      (call $read (i32.const 0) (i32.const 1) (i32.const 4096) (i32.const 1024)))
                    (br $done))
                    (call $write (i32.const 0) (i32.const 1) (i32.const 16) (i32.const 2))
                    (call $revert (i32.const 8) (i32.const 2))
                    (br $done))
                    (call $caller (i32.const 4096))
                    (call $self (i32.const 4116))
                    (call $value (i32.const 4136))
                    (i64.store (i32.const 4168) (call $height))
                    (i64.store (i32.const 4176) (call $time))
                    (call $return (i32.const 4096) (i32.const 88))
                    (br $done))
                  (call $write (i32.const 0) (i32.const 1) (i32.const 16) (i32.const 2))
                  unreachable))
            )
            """;

    private static final byte[] KEY = {'k'};

    /**
     * The constructor stores its input under "k" and its deployer under "owner"; an input that starts with
     * 0xff reverts with the input. {@code call} returns what is under "k".
     */
    private static final String WITH_CONSTRUCTOR =
            """
            (module
              (import "lockstep" "storage_read" (func $read (param i32 i32 i32 i32) (result i32)))
              (import "lockstep" "storage_write" (func $write (param i32 i32 i32 i32)))
              (import "lockstep" "input_size" (func $input_size (result i32)))
              (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
              (import "lockstep" "set_return" (func $return (param i32 i32)))
              (import "lockstep" "caller" (func $caller (param i32)))
              (import "lockstep" "revert" (func $revert (param i32 i32)))
              (memory 1)
              (data (i32.const 0) "k")
              (data (i32.const 8) "owner")
              (func (export "deploy") (local $n i32)
                (local.set $n (call $input_size))
                (call $input_copy (i32.const 64) (i32.const 0) (local.get $n))
                (if (i32.eq (i32.load8_u (i32.const 64)) (i32.const 255))
                  (then (call $revert (i32.const 64) (local.get $n))))
                (call $write (i32.const 0) (i32.const 1) (i32.const 64) (local.get $n))
                (call $caller (i32.const 32))
                (call $write (i32.const 8) (i32.const 5) (i32.const 32) (i32.const 20)))
              (func (export "call")
                (call $return (i32.const 4096)
                  (call $read (i32.const 0) (i32.const 1) (i32.const 4096) (i32.const 1024)))))
            """;

    @Test
    void contractsHaveTheirOwnStorageAndAddresses() {
        try (LocalChain chain = new LocalChain()) {
            byte[] wasm = Wat.compile(CONTRACT);
            LocalChain.Contract a = chain.deploy(wasm);
            LocalChain.Contract b = chain.deploy(wasm);
            assertEquals("0x0000000000000000000000000000000000001000", a.hexAddress());
            assertEquals("0x0000000000000000000000000000000000001001", b.hexAddress());

            CallOutcome.Success stored = success(chain.call(a, new byte[] {1, 7, 8, 9}));
            assertArrayEquals("ok".getBytes(StandardCharsets.UTF_8), stored.returnData());
            assertArrayEquals(new byte[] {7, 8, 9}, chain.storage(a, KEY));
            assertNull(chain.storage(b, KEY));
            assertArrayEquals(
                    new byte[] {7, 8, 9}, success(chain.call(a, new byte[] {2})).returnData());
            assertEquals(
                    List.of(a.hexAddress(), b.hexAddress()),
                    chain.contracts().stream()
                            .map(LocalChain.Contract::hexAddress)
                            .toList());
        }
    }

    @Test
    void revertsAndTrapsKeepNoWrites() {
        try (LocalChain chain = new LocalChain()) {
            LocalChain.Contract c = chain.deploy(Wat.compile(CONTRACT));
            success(chain.call(c, new byte[] {1, 5}));
            CallOutcome.Reverted reverted = assertInstanceOf(CallOutcome.Reverted.class, chain.call(c, new byte[] {3}));
            assertArrayEquals("no".getBytes(StandardCharsets.UTF_8), reverted.reason());
            assertInstanceOf(CallOutcome.Trapped.class, chain.call(c, new byte[] {5}));
            assertArrayEquals(new byte[] {5}, chain.storage(c, KEY));
            assertEquals(1, chain.storage(c).size());
        }
    }

    @Test
    void callsSeeTheCallerValueAndBlockTheTestSets() {
        try (LocalChain chain = LocalChain.onEngine(Engine.INTERPRETER)) {
            LocalChain.Contract c = chain.deploy(Wat.compile(CONTRACT));
            byte[] caller = new byte[20];
            Arrays.fill(caller, (byte) 0x11);
            byte[] value = new byte[32];
            value[31] = 9;
            chain.setBlock(40, 1_800_000_000L);
            chain.advance(2, 12);
            byte[] out = success(chain.call(
                            c,
                            new byte[] {4},
                            LocalChain.Call.DEFAULT
                                    .from(caller)
                                    .withValue(value)
                                    .withFuel(5_000_000)))
                    .returnData();
            assertArrayEquals(caller, Arrays.copyOfRange(out, 0, 20));
            assertArrayEquals(c.address(), Arrays.copyOfRange(out, 20, 40));
            assertArrayEquals(value, Arrays.copyOfRange(out, 40, 72));
            ByteBuffer block = ByteBuffer.wrap(out, 72, 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertEquals(42, block.getLong());
            assertEquals(1_800_000_012L, block.getLong());
        }
    }

    @Test
    void tooLittleFuelRunsOut() {
        try (LocalChain chain = new LocalChain()) {
            LocalChain.Contract c = chain.deploy(Wat.compile(CONTRACT));
            CallOutcome out = chain.call(c, new byte[] {2}, LocalChain.Call.DEFAULT.withFuel(10));
            assertEquals("out_of_fuel", out.status());
            assertEquals(10, out.fuelUsed());
        }
    }

    @Test
    void badModulesModelsAndForeignContractsAreClearErrors() {
        try (LocalChain chain = new LocalChain();
                LocalChain other = new LocalChain()) {
            IllegalArgumentException rejected =
                    assertThrows(IllegalArgumentException.class, () -> chain.deploy(new byte[] {0, 'a', 's', 'm'}));
            assertTrue(rejected.getMessage().startsWith("the module was rejected"), rejected.getMessage());
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class, () -> chain.registerModel("junk", new byte[] {1, 2, 3}));
            assertTrue(refused.getMessage().startsWith("model junk refused"), refused.getMessage());
            LocalChain.Contract foreign = other.deploy(Wat.compile(CONTRACT));
            assertThrows(IllegalArgumentException.class, () -> chain.call(foreign, new byte[] {2}));
            assertThrows(IllegalArgumentException.class, () -> chain.setBlock(-1, 0));
            assertThrows(IllegalArgumentException.class, () -> LocalChain.Call.DEFAULT.from(new byte[19]));
        }
    }

    @Test
    void aDeployRunsTheConstructorWithTheInputAfterTheMarker() {
        try (LocalChain chain = new LocalChain()) {
            byte[] module = VmFixture.concat(Wat.compile(WITH_CONSTRUCTOR), VmFixture.endSection());
            byte[] deployer = new byte[20];
            Arrays.fill(deployer, (byte) 0xD0);
            LocalChain.Contract c = chain.deploy(
                    VmFixture.concat(module, new byte[] {4, 5, 6}), LocalChain.Call.DEFAULT.from(deployer));
            assertEquals(CodeHash.of(module), c.code().hash(), "the code is the module, not the input");
            assertArrayEquals(new byte[] {4, 5, 6}, chain.storage(c, KEY));
            assertArrayEquals(deployer, chain.storage(c, "owner".getBytes(StandardCharsets.UTF_8)));
            assertArrayEquals(
                    new byte[] {4, 5, 6}, success(chain.call(c, new byte[0])).returnData());

            LocalChain.Contract separate = chain.deploy(module, new byte[] {9}, LocalChain.Call.DEFAULT);
            assertArrayEquals(new byte[] {9}, chain.storage(separate, KEY));
            LocalChain.Contract noInput = chain.deploy(module);
            assertArrayEquals(new byte[0], chain.storage(noInput, KEY));
        }
    }

    @Test
    void aFailingConstructorDeploysNothing() {
        try (LocalChain chain = new LocalChain()) {
            byte[] module = VmFixture.concat(Wat.compile(WITH_CONSTRUCTOR), VmFixture.endSection());
            LocalChain.ConstructorFailed failed = assertThrows(
                    LocalChain.ConstructorFailed.class,
                    () -> chain.deploy(module, new byte[] {(byte) 0xFF, 1}, LocalChain.Call.DEFAULT));
            CallOutcome.Reverted reverted = assertInstanceOf(CallOutcome.Reverted.class, failed.outcome());
            assertArrayEquals(new byte[] {(byte) 0xFF, 1}, reverted.reason());
            assertTrue(failed.getMessage().contains("reverted with 0xff01"), failed.getMessage());
            assertTrue(chain.contracts().isEmpty());

            LocalChain.ConstructorFailed outOfFuel = assertThrows(
                    LocalChain.ConstructorFailed.class,
                    () -> chain.deploy(module, new byte[] {1}, LocalChain.Call.DEFAULT.withFuel(100)));
            assertInstanceOf(CallOutcome.OutOfFuel.class, outOfFuel.outcome());
            assertEquals(
                    "0x0000000000000000000000000000000000001000",
                    chain.deploy(module).hexAddress());
        }
    }

    @Test
    void constructorInputNeedsAMarkerAndAConstructor() {
        try (LocalChain chain = new LocalChain()) {
            IllegalArgumentException noMarker = assertThrows(
                    IllegalArgumentException.class,
                    () -> chain.deploy(Wat.compile(WITH_CONSTRUCTOR), new byte[] {1}, LocalChain.Call.DEFAULT));
            assertTrue(
                    noMarker.getMessage().contains("ends with a lockstep.end custom section"), noMarker.getMessage());

            byte[] plain = VmFixture.concat(Wat.compile(CONTRACT), VmFixture.endSection());
            IllegalArgumentException noConstructor = assertThrows(
                    IllegalArgumentException.class, () -> chain.deploy(plain, new byte[] {1}, LocalChain.Call.DEFAULT));
            assertEquals(ContractVm.INPUT_WITHOUT_CONSTRUCTOR, noConstructor.getMessage());
            assertTrue(chain.contracts().isEmpty());
            chain.deploy(plain);
        }
    }

    @Test
    void theComparisonSeesStorageAsWellAsTheOutcome() {
        InMemoryContractStorage one = new InMemoryContractStorage();
        InMemoryContractStorage two = new InMemoryContractStorage();
        two.put(KEY, new byte[] {1});
        CallOutcome outcome = new CallOutcome.Reverted(5, new byte[0]);
        assertNotEquals(LocalChain.describe(outcome, one), LocalChain.describe(outcome, two));
        assertEquals(LocalChain.describe(outcome, one), LocalChain.describe(outcome, new InMemoryContractStorage()));
    }

    private static CallOutcome.Success success(CallOutcome outcome) {
        return assertInstanceOf(CallOutcome.Success.class, outcome, () -> "not a success: " + outcome.status());
    }
}
