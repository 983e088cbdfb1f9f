package io.lockstep.vm;

import static io.lockstep.vm.testing.VmFixture.deploy;
import static io.lockstep.vm.testing.VmFixture.invokeBoth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.vm.testing.Wat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the injected code guarantees: canonical NaNs, exact sign operations, fuel, depth, memory clamp. */
class InstrumentationTest {

    private static final long FUEL = 10_000_000;
    private static ContractVm vm;
    private static DeployedCode floats;

    @BeforeAll
    static void setUp() {
        vm = new ContractVm(VmConfig.DEFAULT);
        floats = deploy(
                vm,
                Wat.compile(
                        """
                (module
                  (func (export "f32.add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
                  (func (export "f32.sub") (param f32 f32) (result f32) (f32.sub (local.get 0) (local.get 1)))
                  (func (export "f32.mul") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
                  (func (export "f32.div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
                  (func (export "f32.min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
                  (func (export "f32.max") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
                  (func (export "f32.sqrt") (param f32) (result f32) (f32.sqrt (local.get 0)))
                  (func (export "f32.ceil") (param f32) (result f32) (f32.ceil (local.get 0)))
                  (func (export "f32.floor") (param f32) (result f32) (f32.floor (local.get 0)))
                  (func (export "f32.trunc") (param f32) (result f32) (f32.trunc (local.get 0)))
                  (func (export "f32.nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
                  (func (export "f32.abs") (param f32) (result f32) (f32.abs (local.get 0)))
                  (func (export "f32.neg") (param f32) (result f32) (f32.neg (local.get 0)))
                  (func (export "f32.copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
                  (func (export "f32.demote_f64") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
                  (func (export "f64.add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
                  (func (export "f64.div") (param f64 f64) (result f64) (f64.div (local.get 0) (local.get 1)))
                  (func (export "f64.sqrt") (param f64) (result f64) (f64.sqrt (local.get 0)))
                  (func (export "f64.min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
                  (func (export "f64.nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
                  (func (export "f64.abs") (param f64) (result f64) (f64.abs (local.get 0)))
                  (func (export "f64.neg") (param f64) (result f64) (f64.neg (local.get 0)))
                  (func (export "f64.copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))
                  (func (export "f64.promote_f32") (param f32) (result f64) (f64.promote_f32 (local.get 0)))
                  (func (export "f32.load_store") (param f32) (result f32)
                    (f32.store (i32.const 8) (local.get 0)) (f32.load (i32.const 8)))
                  (memory 1))
                """));
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    private static WasmValue single(String export, WasmValue... args) {
        CallOutcome outcome = invokeBoth(vm, floats, export, List.of(args), FUEL);
        CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, outcome, outcome.toString());
        return success.results().get(0);
    }

    @ParameterizedTest(name = "{0}({1}, {2}) is canonical")
    @CsvSource({
        "f32.add, 0x7fa00001, 0x3f800000",
        "f32.add, 0xffc00123, 0x3f800000",
        "f32.add, 0x7f800000, 0xff800000",
        "f32.sub, 0x7f800000, 0x7f800000",
        "f32.mul, 0x00000000, 0x7f800000",
        "f32.div, 0x00000000, 0x80000000",
        "f32.min, 0x3f800000, 0xff800001",
        "f32.max, 0xffffffff, 0x3f800000",
    })
    void binaryF32NaNsAreCanonical(String op, String a, String b) {
        WasmValue result = single(op, WasmValue.parse("f32:" + a), WasmValue.parse("f32:" + b));
        assertEquals("f32:0x7fc00000", result.toString());
    }

    @ParameterizedTest(name = "{0}({1}) is canonical")
    @CsvSource({
        "f32.sqrt, 0xbf800000",
        "f32.sqrt, 0xff800001",
        "f32.ceil, 0x7f800001",
        "f32.floor, 0xffc00000",
        "f32.trunc, 0x7fffffff",
        "f32.nearest, 0xff812345",
    })
    void unaryF32NaNsAreCanonical(String op, String a) {
        assertEquals("f32:0x7fc00000", single(op, WasmValue.parse("f32:" + a)).toString());
    }

    @Test
    void f64AndConversionNaNsAreCanonical() {
        WasmValue snan = WasmValue.parse("f64:0x7ff0000000000001");
        WasmValue negNan = WasmValue.parse("f64:0xfff8000000000abc");
        WasmValue one = WasmValue.parse("f64:0x3ff0000000000000");
        assertEquals("f64:0x7ff8000000000000", single("f64.add", snan, one).toString());
        assertEquals(
                "f64:0x7ff8000000000000",
                single("f64.div", WasmValue.f64Bits(0), WasmValue.f64Bits(0)).toString());
        assertEquals("f64:0x7ff8000000000000", single("f64.sqrt", negNan).toString());
        assertEquals("f64:0x7ff8000000000000", single("f64.min", one, negNan).toString());
        assertEquals("f64:0x7ff8000000000000", single("f64.nearest", snan).toString());
        assertEquals(
                "f64:0x7ff8000000000000",
                single("f64.promote_f32", WasmValue.parse("f32:0xff800001")).toString());
        assertEquals("f32:0x7fc00000", single("f32.demote_f64", negNan).toString());
    }

    @Test
    void nonNaNResultsAreUntouched() {
        assertEquals(
                "f32:0x40400000",
                single("f32.add", WasmValue.parse("f32:0x3f800000"), WasmValue.parse("f32:0x40000000"))
                        .toString());
        assertEquals(
                "f32:0x80000000",
                single("f32.min", WasmValue.parse("f32:0x00000000"), WasmValue.parse("f32:0x80000000"))
                        .toString());
        assertEquals(
                "f64:0x4000000000000000",
                single("f64.sqrt", WasmValue.parse("f64:0x4010000000000000")).toString());
        assertEquals(
                "f32:0x3f800000",
                single("f32.nearest", WasmValue.parse("f32:0x3f99999a")).toString());
    }

    @ParameterizedTest(name = "{0}({1}{2}) = {3}")
    @CsvSource({
        "f32.abs, f32:0xffc00001, '', f32:0x7fc00001",
        "f32.abs, f32:0xff800001, '', f32:0x7f800001",
        "f32.neg, f32:0x7fa00001, '', f32:0xffa00001",
        "f32.neg, f32:0xffc00000, '', f32:0x7fc00000",
        "f32.copysign, f32:0x7fa00001, ',f32:0x80000000', f32:0xffa00001",
        "f32.copysign, f32:0xffc00002, ',f32:0x7fc00000', f32:0x7fc00002",
        "f32.copysign, f32:0x3f800000, ',f32:0xffc00000', f32:0xbf800000",
        "f64.abs, f64:0xfff0000000000001, '', f64:0x7ff0000000000001",
        "f64.neg, f64:0x7ff4000000000000, '', f64:0xfff4000000000000",
        "f64.copysign, f64:0x7ff0000000000001, ',f64:0x8000000000000000', f64:0xfff0000000000001",
        "f32.load_store, f32:0x7fa00001, '', f32:0x7fa00001",
    })
    void signOperationsAndMovesPreserveEveryBit(String op, String a, String b, String expected) {
        WasmValue[] args = b.isEmpty()
                ? new WasmValue[] {WasmValue.parse(a)}
                : new WasmValue[] {WasmValue.parse(a), WasmValue.parse(b.substring(1))};
        assertEquals(expected, single(op, args).toString());
    }

    @Test
    void fuelIsChargedPerSegmentAndRunningOutConsumesAll() {
        DeployedCode code = deploy(
                vm,
                Wat.compile(
                        """
                (module
                  (func (export "count") (param i32) (result i32) (local i32)
                    (block
                      (loop
                        (br_if 1 (i32.ge_u (local.get 1) (local.get 0)))
                        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                        (br 0)))
                    (local.get 1)))
                """));
        CallOutcome ten = invokeBoth(vm, code, "count", List.of(WasmValue.i32(10)), FUEL);
        CallOutcome twenty = invokeBoth(vm, code, "count", List.of(WasmValue.i32(20)), FUEL);
        CallOutcome thirty = invokeBoth(vm, code, "count", List.of(WasmValue.i32(30)), FUEL);
        long perIteration = twenty.fuelUsed() - ten.fuelUsed();
        assertTrue(perIteration > 0, "a loop iteration must cost fuel");
        assertEquals(perIteration, thirty.fuelUsed() - twenty.fuelUsed(), "each iteration costs the same");

        long exact = ten.fuelUsed();
        assertInstanceOf(CallOutcome.Success.class, invokeBoth(vm, code, "count", List.of(WasmValue.i32(10)), exact));
        CallOutcome starved = invokeBoth(vm, code, "count", List.of(WasmValue.i32(10)), exact - 1);
        assertInstanceOf(CallOutcome.OutOfFuel.class, starved);
        assertEquals(exact - 1, starved.fuelUsed(), "running out consumes all supplied fuel");

        CallOutcome forever = invokeBoth(vm, code, "count", List.of(WasmValue.i32(-1)), 5_000_000);
        assertInstanceOf(CallOutcome.OutOfFuel.class, forever);
        assertEquals(5_000_000, forever.fuelUsed());
    }

    /**
     * Work done after fuel runs out must stay bounded by straight-line code: a loop-free binary recursion
     * makes 2^50 calls within the depth budget, so a module that only tests fuel at loops and at its
     * exports would run for days. The timeout is a hang guard, not a speed requirement.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void loopFreeExponentialRecursionRunsOutOfFuel() {
        DeployedCode code = deploy(
                vm,
                Wat.compile(
                        """
                (module
                  (func $f (param i32)
                    (if (local.get 0)
                      (then
                        (call $f (i32.sub (local.get 0) (i32.const 1)))
                        (call $f (i32.sub (local.get 0) (i32.const 1))))))
                  (func (export "run") (call $f (i32.const 50))))
                """));
        CallOutcome outcome = invokeBoth(vm, code, "run", List.of(), 1_000_000);
        assertInstanceOf(CallOutcome.OutOfFuel.class, outcome);
        assertEquals(1_000_000, outcome.fuelUsed());
    }

    @Test
    void fuelBelowInstantiationCostEndsBeforeAnyCode() {
        DeployedCode code = deploy(vm, Wat.compile("(module (func (export \"f\")))"));
        CallOutcome outcome = invokeBoth(vm, code, "f", List.of(), code.instantiationFuel() - 1);
        assertInstanceOf(CallOutcome.OutOfFuel.class, outcome);
        assertEquals(code.instantiationFuel() - 1, outcome.fuelUsed());
    }

    @Test
    void unboundedRecursionStopsAtTheInjectedDepthLimit() {
        DeployedCode code = deploy(
                vm,
                Wat.compile(
                        """
                (module
                  (type $t (func (param i64) (result i64)))
                  (table 1 funcref) (elem (i32.const 0) $indirect)
                  (func $direct (export "direct") (param i64) (result i64)
                    (i64.add (call $direct (i64.add (local.get 0) (i64.const 1))) (i64.const 1)))
                  (func $indirect (export "indirect") (param i64) (result i64)
                    (i64.add (call_indirect (type $t) (local.get 0) (i32.const 0)) (i64.const 1)))
                  (func $heavy (export "heavy") (param i64) (result i64)
                    (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
                    (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
                    (local f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64 f64)
                    (local.set 5 (f64.convert_i64_s (local.get 0)))
                    (i64.add (call $heavy (i64.add (local.get 0) (i64.const 1)))
                             (i64.trunc_f64_s (local.get 5)))))
                """));
        for (String export : List.of("direct", "indirect", "heavy")) {
            CallOutcome outcome = invokeBoth(vm, code, export, List.of(WasmValue.i64(0)), 1_000_000_000L);
            CallOutcome.Trapped trapped = assertInstanceOf(CallOutcome.Trapped.class, outcome, export);
            assertEquals(TrapKind.CALL_STACK_EXHAUSTED, trapped.kind(), export);
        }
    }

    /** The counter lives in a local between calls, so a trap cannot tell how far it got: all fuel is used. */
    @Test
    void aTrapUsesAllTheFuel() {
        DeployedCode code = deploy(
                vm,
                Wat.compile(
                        """
                (module
                  (func $work (param i32) (result i32)
                    (i32.add (local.get 0) (i32.const 1)))
                  (func (export "divide") (param i32) (result i32)
                    (i32.div_u (call $work (i32.const 41)) (local.get 0))))
                """));
        CallOutcome ok = invokeBoth(vm, code, "divide", List.of(WasmValue.i32(2)), FUEL);
        CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, ok);
        assertEquals(WasmValue.i32(21), success.results().get(0));
        assertTrue(success.fuelUsed() < FUEL);

        CallOutcome trap = invokeBoth(vm, code, "divide", List.of(WasmValue.i32(0)), FUEL);
        CallOutcome.Trapped trapped = assertInstanceOf(CallOutcome.Trapped.class, trap);
        assertEquals(TrapKind.INTEGER_DIVIDE_BY_ZERO, trapped.kind());
        assertEquals(FUEL, trapped.fuelUsed());
    }

    /**
     * Depth shares the counter word with fuel: every way out must give back exactly the frame's weight,
     * or repeated deep calls would accumulate depth and trap (or charges would leak into the depth bits).
     */
    @Test
    void depthComesBackAfterEveryKindOfReturn() {
        DeployedCode code = deploy(
                vm,
                Wat.compile(
                        """
                (module
                  (type $t (func (param i32) (result i32)))
                  (table 1 funcref) (elem (i32.const 0) $down)
                  (func $down (param i32) (result i32)
                    (block $out
                      (br_if $out (i32.eqz (local.get 0)))
                      (if (i32.eq (local.get 0) (i32.const 7))
                        (then (return (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
                      (return (i32.add
                        (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))
                        (i32.const 1))))
                    (i32.const 0))
                  (func (export "repeat") (param i32) (result i32) (local i32 i32)
                    (loop $again
                      (local.set 2 (i32.add (local.get 2) (call $down (i32.const 3000))))
                      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                      (br_if $again (i32.lt_u (local.get 1) (local.get 0))))
                    (local.get 2)))
                """));
        CallOutcome outcome = invokeBoth(vm, code, "repeat", List.of(WasmValue.i32(20)), 1_000_000_000L);
        CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, outcome, outcome.toString());
        assertEquals(WasmValue.i32(20 * 3000), success.results().get(0));
    }

    @Test
    void aBudgetBeyondTheCounterIsCapped() {
        DeployedCode code = deploy(vm, Wat.compile("(module (func (export \"f\") (result i32) (i32.const 7)))"));
        CallOutcome small = invokeBoth(vm, code, "f", List.of(), FUEL);
        CallOutcome huge = invokeBoth(vm, code, "f", List.of(), Long.MAX_VALUE);
        assertInstanceOf(CallOutcome.Success.class, huge);
        assertEquals(small.fuelUsed(), huge.fuelUsed());
    }

    @Test
    void deepButBoundedRecursionSucceeds() {
        DeployedCode code = deploy(
                vm,
                Wat.compile(
                        """
                (module
                  (func $sum (export "sum") (param i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0))
                      (then (i32.const 0))
                      (else (i32.add (local.get 0) (call $sum (i32.sub (local.get 0) (i32.const 1))))))))
                """));
        CallOutcome outcome = invokeBoth(vm, code, "sum", List.of(WasmValue.i32(3_000)), FUEL);
        CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, outcome);
        assertEquals(WasmValue.i32(3_000 * 3_001 / 2), success.results().get(0));
    }

    @Test
    void memoryMaximumIsClampedToTheChainLimit() {
        int limit = VmLimits.DEFAULT.maxMemoryPages();
        DeployedCode code = deploy(
                vm,
                Wat.compile(
                        """
                (module (memory 1)
                  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
                  (func (export "bomb") (result i32) (local i32)
                    (loop (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then (br 1))))
                    (memory.size)))
                """));
        long plenty = 1_000_000_000_000L;
        assertEquals(WasmValue.i32(-1), success(invokeBoth(vm, code, "grow", List.of(WasmValue.i32(limit)), plenty)));
        assertEquals(
                WasmValue.i32(1), success(invokeBoth(vm, code, "grow", List.of(WasmValue.i32(limit - 1)), plenty)));
        assertEquals(WasmValue.i32(limit), success(invokeBoth(vm, code, "bomb", List.of(), plenty)));
        long perPage = VmConfig.DEFAULT.costs().memoryGrowPerPage();
        CallOutcome starved = invokeBoth(vm, code, "bomb", List.of(), code.instantiationFuel() + perPage * limit / 2);
        assertInstanceOf(CallOutcome.OutOfFuel.class, starved, "growing memory must cost fuel by pages");
        // a hopeless request costs no more than growing to the limit would
        long atLimit = invokeBoth(vm, code, "grow", List.of(WasmValue.i32(limit)), plenty)
                .fuelUsed();
        long hopeless =
                invokeBoth(vm, code, "grow", List.of(WasmValue.i32(-1)), plenty).fuelUsed();
        long one =
                invokeBoth(vm, code, "grow", List.of(WasmValue.i32(1)), plenty).fuelUsed();
        assertEquals(atLimit, hopeless);
        assertEquals((limit - 1) * perPage, atLimit - one);
    }

    @Test
    void bulkMemoryIsChargedBySize() {
        DeployedCode code = deploy(
                vm,
                Wat.compile(
                        """
                (module (memory 16)
                  (func (export "fill") (param i32)
                    (memory.fill (i32.const 0) (i32.const 7) (local.get 0))))
                """));
        long small =
                invokeBoth(vm, code, "fill", List.of(WasmValue.i32(1024)), FUEL).fuelUsed();
        long large = invokeBoth(vm, code, "fill", List.of(WasmValue.i32(1024 * 1024)), FUEL)
                .fuelUsed();
        assertEquals(1023L * VmConfig.DEFAULT.costs().bulkPerKiB(), large - small);
    }

    private static WasmValue success(CallOutcome outcome) {
        return assertInstanceOf(CallOutcome.Success.class, outcome, outcome.toString())
                .results()
                .get(0);
    }
}
