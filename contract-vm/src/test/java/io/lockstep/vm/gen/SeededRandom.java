package io.lockstep.vm.gen;

import java.util.List;

/**
 * SplitMix64: a pseudo-random sequence fixed by its seed and by this code alone, so that a generated
 * module is the same on every JDK (the JDK's generators are not promised to stay the same across versions).
 */
public final class SeededRandom {

    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E37_79B9_7F4A_7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    /** Uniform in {@code [0, bound)}; {@code bound} must be positive. */
    public int below(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** Uniform in {@code [low, high]}. */
    public int between(int low, int high) {
        return low + below(high - low + 1);
    }

    /** True with probability {@code percent} / 100. */
    public boolean percent(int percent) {
        return below(100) < percent;
    }

    public <T> T pick(List<T> items) {
        return items.get(below(items.size()));
    }

    /** An index drawn with the given relative weights; zero weights are never drawn. */
    public int weighted(int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = below(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: weights " + total);
    }
}
