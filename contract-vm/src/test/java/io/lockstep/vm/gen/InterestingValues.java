package io.lockstep.vm.gen;

import io.lockstep.vm.ValueKind;

/**
 * Constants chosen where engines and CPUs are known to disagree or where WebAssembly defines edge cases:
 * NaNs with payloads and either sign (quiet and signalling), infinities, signed zeros, subnormals,
 * rounding ties, and the boundaries of every integer conversion.
 */
final class InterestingValues {

    private InterestingValues() {}

    private static final int[] I32 = {
        0,
        1,
        -1,
        2,
        3,
        7,
        8,
        31,
        32,
        33,
        63,
        64,
        0x7F,
        0x80,
        0xFF,
        0x100,
        0x7FFF,
        0x8000,
        0xFFFF,
        0x1_0000,
        0x7FFF_FFFF,
        0x8000_0000,
        0x8000_0001,
        0xFFFF_FFFE,
        65_532,
        65_535,
        65_536,
        131_072,
        -65_536,
        0x1234_5678
    };

    private static final long[] I64 = {
        0,
        1,
        -1,
        2,
        7,
        31,
        32,
        63,
        64,
        65,
        0xFF,
        0x8000,
        0xFFFF_FFFFL,
        0x1_0000_0000L,
        0x7FFF_FFFFL,
        0x8000_0000L,
        -0x8000_0000L,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        Long.MIN_VALUE + 1,
        0x0123_4567_89AB_CDEFL,
        0x7FF8_0000_0000_0000L,
        0x7FC0_0000L
    };

    private static final int[] F32 = {
        0x0000_0000,
        0x8000_0000, // +0, -0
        0x3F80_0000,
        0xBF80_0000, // 1, -1
        0x7F80_0000,
        0xFF80_0000, // +inf, -inf
        0x7FC0_0000,
        0xFFC0_0000, // canonical NaNs, both signs
        0x7FC0_0001,
        0xFFC0_1234, // quiet NaNs with payloads
        0x7FA0_0000,
        0x7F80_0001,
        0xFF80_0001, // signalling NaNs
        0xFFFF_FFFF,
        0x7FFF_FFFF, // all-ones payloads
        0x0000_0001,
        0x8000_0001,
        0x007F_FFFF,
        0x807F_FFFF, // subnormals
        0x0080_0000,
        0x7F7F_FFFF,
        0xFF7F_FFFF, // smallest normal, largest finite
        0x3F00_0000,
        0xBF00_0000,
        0x3FC0_0000,
        0x4020_0000,
        0xC020_0000,
        0x3EFF_FFFF, // rounding ties
        0x4B00_0000,
        0x4B00_0001,
        0x4AFF_FFFF, // 2^23 and neighbours
        0x4EFF_FFFF,
        0x4F00_0000,
        0xCF00_0000,
        0xCF00_0001,
        0x4F80_0000, // i32 conversion bounds
        0x5EFF_FFFF,
        0x5F00_0000,
        0xDF00_0000,
        0xDF00_0001,
        0x5F80_0000, // i64 conversion bounds
        0xBF7F_FFFF,
        0x3F7F_FFFF // just inside (-1, 1)
    };

    private static final long[] F64 = {
        0x0000_0000_0000_0000L,
        0x8000_0000_0000_0000L,
        0x3FF0_0000_0000_0000L,
        0xBFF0_0000_0000_0000L,
        0x7FF0_0000_0000_0000L,
        0xFFF0_0000_0000_0000L,
        0x7FF8_0000_0000_0000L,
        0xFFF8_0000_0000_0000L,
        0x7FF8_0000_0000_0001L,
        0xFFF8_1234_5678_9ABCL,
        0x7FF4_0000_0000_0000L,
        0x7FF0_0000_0000_0001L,
        0xFFF0_0000_0000_0001L,
        0xFFFF_FFFF_FFFF_FFFFL,
        0x7FFF_FFFF_FFFF_FFFFL,
        0x0000_0000_0000_0001L,
        0x8000_0000_0000_0001L,
        0x000F_FFFF_FFFF_FFFFL,
        0x0010_0000_0000_0000L,
        0x7FEF_FFFF_FFFF_FFFFL,
        0xFFEF_FFFF_FFFF_FFFFL,
        0x3FE0_0000_0000_0000L,
        0xBFE0_0000_0000_0000L,
        0x3FF8_0000_0000_0000L,
        0x4004_0000_0000_0000L,
        0xC004_0000_0000_0000L,
        0x3FDF_FFFF_FFFF_FFFFL,
        0x4330_0000_0000_0000L,
        0x4330_0000_0000_0001L,
        0x432F_FFFF_FFFF_FFFFL, // 2^52
        0x41DF_FFFF_FFC0_0000L,
        0x41E0_0000_0000_0000L,
        0xC1E0_0000_0000_0000L,
        0xC1E0_0000_0020_0000L, // i32 bounds
        0x41EF_FFFF_FFFF_FFFFL,
        0x41F0_0000_0000_0000L,
        0xBFEF_FFFF_FFFF_FFFFL, // u32 bounds
        0x43DF_FFFF_FFFF_FFFFL,
        0x43E0_0000_0000_0000L,
        0xC3E0_0000_0000_0000L,
        0x43F0_0000_0000_0000L, // i64 bounds
        0x47EF_FFFF_E000_0000L,
        0x47EF_FFFF_F000_0000L,
        0x47EF_FFFF_E000_0001L, // f32 overflow on demotion
        0x36A0_0000_0000_0000L,
        0x36A0_0000_0000_0001L,
        0x3810_0000_0000_0000L // f32 underflow, ties
    };

    static int i32(SeededRandom rnd) {
        switch (rnd.below(4)) {
            case 0:
                return rnd.between(-100, 100);
            case 1:
                return rnd.nextInt();
            default:
                return I32[rnd.below(I32.length)];
        }
    }

    static long i64(SeededRandom rnd) {
        switch (rnd.below(4)) {
            case 0:
                return rnd.between(-100, 100);
            case 1:
                return rnd.nextLong();
            default:
                return I64[rnd.below(I64.length)];
        }
    }

    static int f32(SeededRandom rnd) {
        switch (rnd.below(5)) {
            case 0:
                return Float.floatToRawIntBits(rnd.between(-1000, 1000) / 8.0f);
            case 1:
                return rnd.nextInt();
            default:
                return F32[rnd.below(F32.length)];
        }
    }

    static long f64(SeededRandom rnd) {
        switch (rnd.below(5)) {
            case 0:
                return Double.doubleToRawLongBits(rnd.between(-1000, 1000) / 8.0);
            case 1:
                return rnd.nextLong();
            default:
                return F64[rnd.below(F64.length)];
        }
    }

    /** Raw bits of an interesting value of {@code kind} (32-bit kinds in the low half). */
    static long bits(ValueKind kind, SeededRandom rnd) {
        switch (kind) {
            case I32:
                return i32(rnd) & 0xFFFF_FFFFL;
            case I64:
                return i64(rnd);
            case F32:
                return f32(rnd) & 0xFFFF_FFFFL;
            case F64:
                return f64(rnd);
            default:
                throw new IllegalArgumentException("no values for " + kind);
        }
    }
}
