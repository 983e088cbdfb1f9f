package io.lockstep.nn.reference;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the engine's outputs with ORT's under their tolerances and keeps, per group of models (a
 * generated family, a golden model), how close
 * they came: the largest absolute and relative float differences, how much of the base bound
 * ({@code 1e-4 |b| + 1e-5}) the worst element used, how many float elements were bit-identical, and
 * how many integer elements differed (by one step, or by more).
 */
final class AgreementStatistics {
    /** Relative differences are taken over reference values at least this large in magnitude. */
    static final double RELATIVE_FLOOR = 1e-3;

    private static final int SHOWN_MISMATCHES = 5;

    private final Map<String, Totals> groups = new LinkedHashMap<>();

    private static final class Totals {
        int models;
        int outputs;
        int maxSteps;
        long floatElements;
        long floatBitEqual;
        double maxAbsolute;
        double maxRelative;
        double maxBaseUse;
        long integerElements;
        long integerOffByOne;
        long integerWorse;
        long maxIntegerDifference;
        String worst = "";
    }

    synchronized void countModel(String group, int steps) {
        Totals t = totals(group);
        t.models++;
        t.maxSteps = Math.max(t.maxSteps, steps);
    }

    /** Records one output; returns null when it is within tolerance, else what differs. */
    synchronized String compare(
            String group, String model, String name, Tensor ours, Tensor reference, Tolerance tolerance) {
        if (ours.dtype() != reference.dtype() || !Arrays.equals(ours.shape(), reference.shape())) {
            return name + ": engine gives " + ours.dtype() + Arrays.toString(ours.shape()) + ", ORT "
                    + reference.dtype() + Arrays.toString(reference.shape());
        }
        Totals t = totals(group);
        t.outputs++;
        StringBuilder bad = new StringBuilder();
        int shown = 0;
        int mismatches = 0;
        for (int i = 0; i < ours.size(); i++) {
            boolean ok;
            String pair;
            if (ours.dtype() == DType.FLOAT) {
                float a = ours.floatAt(i);
                float b = reference.floatAt(i);
                if (recordFloat(t, a, b)) {
                    t.worst = model + " output " + name + " element " + i + ": " + a + " vs ORT " + b;
                }
                ok = tolerance.floatsClose(a, b);
                pair = a + " vs ORT " + b + " (difference " + Math.abs((double) a - b) + ")";
            } else {
                long a = ours.longAt(i);
                long b = reference.longAt(i);
                long difference = Math.abs(a - b);
                t.integerElements++;
                if (difference == 1) {
                    t.integerOffByOne++;
                } else if (difference > 1) {
                    t.integerWorse++;
                }
                t.maxIntegerDifference = Math.max(t.maxIntegerDifference, difference);
                ok = difference <= tolerance.integerSlack();
                pair = a + " vs ORT " + b;
            }
            if (!ok) {
                mismatches++;
                if (shown++ < SHOWN_MISMATCHES) {
                    bad.append("\n  element ").append(i).append(": ").append(pair);
                }
            }
        }
        if (mismatches == 0) {
            return null;
        }
        return name + ": " + mismatches + " of " + ours.size() + " elements outside the tolerance (" + tolerance + ")"
                + bad;
    }

    /** Counts one float pair; true when it uses more of the base bound than any before it. */
    private static boolean recordFloat(Totals t, float a, float b) {
        t.floatElements++;
        if (Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b)) {
            t.floatBitEqual++;
            return false;
        }
        if (Float.isNaN(a) || Float.isNaN(b) || Float.isInfinite(a) || Float.isInfinite(b)) {
            return false;
        }
        double difference = Math.abs((double) a - b);
        t.maxAbsolute = Math.max(t.maxAbsolute, difference);
        if (Math.abs(b) >= RELATIVE_FLOOR) {
            t.maxRelative = Math.max(t.maxRelative, difference / Math.abs(b));
        }
        double use = difference / (Tolerance.BASE_RELATIVE * Math.abs((double) b) + Tolerance.BASE_ABSOLUTE);
        if (use > t.maxBaseUse) {
            t.maxBaseUse = use;
            return true;
        }
        return false;
    }

    private Totals totals(String group) {
        return groups.computeIfAbsent(group, g -> new Totals());
    }

    /** One line per group. */
    synchronized String report() {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "%-24s %6s %7s %5s %10s %8s %10s %10s %9s %10s %8s %6s%n",
                "models",
                "count",
                "outputs",
                "steps",
                "floats",
                "bitequal",
                "max abs",
                "max rel",
                "base use",
                "integers",
                "off by 1",
                "worse"));
        for (Map.Entry<String, Totals> e : groups.entrySet()) {
            Totals t = e.getValue();
            s.append(String.format(
                    Locale.ROOT,
                    "%-24s %6d %7d %5d %10d %7.1f%% %10.3g %10.3g %9.3f %10d %8d %6d%n",
                    e.getKey(),
                    t.models,
                    t.outputs,
                    t.maxSteps,
                    t.floatElements,
                    t.floatElements == 0 ? 100.0 : 100.0 * t.floatBitEqual / t.floatElements,
                    t.maxAbsolute,
                    t.maxRelative,
                    t.maxBaseUse,
                    t.integerElements,
                    t.integerOffByOne,
                    t.integerWorse));
        }
        s.append("largest use of the base bound:\n");
        groups.forEach((g, t) -> {
            if (!t.worst.isEmpty()) {
                s.append("  ").append(g).append(": ").append(t.worst).append('\n');
            }
        });
        return s.toString();
    }
}
