package io.lockstep.nn.internal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalNaN#canonicalize} replaces every NaN in its range, whatever its sign and payload,
 * with 0x7fc00000 and leaves every other bit pattern and everything outside the range alone, for any
 * range start and length (the Vector API scan where it runs, its scalar tail, the scalar loop).
 */
class CanonicalNaNTest {
    private static final long SEED = 0x6e616eL;

    private static final int[] NANS = {
        0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fffffff, 0xffffffff, 0x7fa00000
    };

    @Test
    void replacesEveryNaNInTheRangeAndNothingElse() {
        Random r = new Random(SEED);
        for (int round = 0; round < 300; round++) {
            int length = 1 + r.nextInt(100);
            float[] values = new float[length];
            for (int i = 0; i < length; i++) {
                values[i] = r.nextInt(5) == 0
                        ? Float.intBitsToFloat(NANS[r.nextInt(NANS.length)])
                        : Float.intBitsToFloat(r.nextInt());
            }
            int from = r.nextInt(length);
            int to = from + r.nextInt(length - from + 1);
            float[] out = values.clone();
            CanonicalNaN.canonicalize(out, from, to);
            for (int i = 0; i < length; i++) {
                int before = Float.floatToRawIntBits(values[i]);
                int expected = i >= from && i < to && Float.isNaN(values[i]) ? 0x7fc00000 : before;
                assertEquals(expected, Float.floatToRawIntBits(out[i]), "round " + round + ", element " + i);
            }
        }
    }
}
