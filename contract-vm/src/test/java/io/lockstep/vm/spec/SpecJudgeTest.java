package io.lockstep.vm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.vm.TrapKind;
import io.lockstep.vm.WasmValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The judge must fail what the suite must catch, or the suite's zero failures would mean nothing. */
class SpecJudgeTest {

    private final SpecJudge chain = new SpecJudge(true);
    private final SpecJudge spec = new SpecJudge(false);

    private static SpecCommand assertReturn(String type, String value) {
        return new SpecCommand(
                "assert_return",
                1,
                null,
                null,
                null,
                new SpecAction("invoke", null, "f", List.of()),
                List.of(new SpecValue(type, value)),
                null,
                null);
    }

    private static SpecCommand assertion(String type, String text) {
        return new SpecCommand(type, 1, "m.wasm", null, null, null, List.of(), text, "binary");
    }

    private static Verdict.Kind returning(SpecJudge judge, String type, String expected, WasmValue actual) {
        return judge.judge(assertReturn(type, expected), Outcome.success(List.of(actual), 1))
                .kind();
    }

    @Test
    void resultsAreComparedBitForBit() {
        assertEquals(Verdict.Kind.PASSED, returning(chain, "f32", "2143289344", WasmValue.f32Bits(0x7FC0_0000)));
        // the same NaN class, different payload
        assertEquals(Verdict.Kind.FAILED, returning(chain, "f32", "2143289344", WasmValue.f32Bits(0x7FC0_0001)));
        // -0.0 is not 0.0
        assertEquals(Verdict.Kind.FAILED, returning(chain, "f64", "0", WasmValue.f64Bits(0x8000_0000_0000_0000L)));
        assertEquals(Verdict.Kind.FAILED, returning(chain, "i32", "1", WasmValue.i64(1)));
    }

    @Test
    void nanPatternsFollowTheSpecOrTheStricterChainRule() {
        WasmValue negativeCanonical = WasmValue.f32Bits(0xFFC0_0000);
        WasmValue quietWithPayload = WasmValue.f64Bits(0x7FF8_0000_0000_0001L);
        WasmValue signalling = WasmValue.f32Bits(0x7FA0_0000);
        assertEquals(Verdict.Kind.PASSED, returning(spec, "f32", "nan:canonical", negativeCanonical));
        assertEquals(Verdict.Kind.FAILED, returning(chain, "f32", "nan:canonical", negativeCanonical));
        assertEquals(Verdict.Kind.PASSED, returning(spec, "f64", "nan:arithmetic", quietWithPayload));
        assertEquals(Verdict.Kind.FAILED, returning(chain, "f64", "nan:arithmetic", quietWithPayload));
        assertEquals(Verdict.Kind.FAILED, returning(spec, "f32", "nan:arithmetic", signalling));
        assertEquals(Verdict.Kind.FAILED, returning(spec, "f64", "nan:canonical", quietWithPayload));
    }

    @Test
    void trapsMustBeOfTheNamedKind() {
        SpecCommand trap = new SpecCommand(
                "assert_trap",
                1,
                null,
                null,
                null,
                new SpecAction("invoke", null, "f", List.of()),
                List.of(),
                "uninitialized element 2",
                null);
        assertEquals(
                Verdict.Kind.PASSED,
                chain.judge(trap, Outcome.trapped(TrapKind.UNINITIALIZED_ELEMENT, 5, ""))
                        .kind());
        assertEquals(
                Verdict.Kind.FAILED,
                chain.judge(trap, Outcome.trapped(TrapKind.UNDEFINED_ELEMENT, 5, ""))
                        .kind());
        assertEquals(
                Verdict.Kind.FAILED,
                chain.judge(trap, Outcome.success(List.of(), 5)).kind());
        assertEquals(
                Verdict.Kind.FAILED, chain.judge(trap, Outcome.outOfFuel(5)).kind());
    }

    @Test
    void modulesMustBeRejectedOrSkippedOnlyForAFeature() {
        assertEquals(
                Verdict.Kind.FAILED,
                chain.judge(assertion("assert_invalid", "type mismatch"), Outcome.success(List.of(), 0))
                        .kind());
        assertEquals(
                Verdict.Kind.PASSED,
                chain.judge(assertion("assert_malformed", "x"), Outcome.rejected("MALFORMED", ""))
                        .kind());
        SpecCommand module = assertion("module", null);
        assertEquals(
                Verdict.Kind.SKIPPED,
                chain.judge(module, Outcome.rejected("FEATURE_NOT_ALLOWED", "SIMD"))
                        .kind());
        assertEquals(
                Verdict.Kind.FAILED,
                chain.judge(module, Outcome.rejected("LIMIT_EXCEEDED", "too big"))
                        .kind());
        assertEquals(
                Verdict.Kind.FAILED,
                chain.judge(assertion("assert_unlinkable", "x"), Outcome.success(List.of(), 0))
                        .kind());
    }
}
