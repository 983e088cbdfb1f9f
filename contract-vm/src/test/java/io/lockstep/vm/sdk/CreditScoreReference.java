package io.lockstep.vm.sdk;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credit-score contract's arithmetic in Java {@code float}s, operation for operation and in the same
 * order as {@code examples/credit-score/assembly/index.ts}. Java's float operations are IEEE 754
 * binary32 with round-to-nearest-even and never fused, as wasm's are, so the contract must give the very
 * same bits. The weights are read from the generated {@code model.ts}.
 */
record CreditScoreReference(float[] mean, float[] scale, float[] w1, float[] b1, float[] w2, float b2) {

    static final int INPUTS = 5;
    static final int HIDDEN = 8;

    /** One {@code literal, // 0xBITS} entry of a generated array, or the scalar B2. */
    private static final Pattern ENTRY = Pattern.compile("^\\s*(-?[0-9]+\\.[0-9]+), // 0x([0-9a-f]{8})\\b.*$");

    private static final Pattern SCALAR =
            Pattern.compile("^export const (\\w+): f32 = (-?[0-9]+\\.[0-9]+); // 0x([0-9a-f]{8})$");
    private static final Pattern ARRAY_START = Pattern.compile("^export const (\\w+): StaticArray<f32> = \\[$");

    // The contract's constants, by their bits.
    private static final float LOG2E = Float.intBitsToFloat(0x3fb8aa3b);
    private static final float LN2_HI = Float.intBitsToFloat(0x3f318000);
    private static final float LN2_LO = Float.intBitsToFloat(0xb95e8083);
    private static final float ROUNDER = Float.intBitsToFloat(0x4b400000);
    private static final float C3 = Float.intBitsToFloat(0x3e2aaaab);
    private static final float C4 = Float.intBitsToFloat(0x3d2aaaab);
    private static final float C5 = Float.intBitsToFloat(0x3c088889);
    private static final float C6 = Float.intBitsToFloat(0x3ab60b61);
    private static final float MAX_ABS_LOGIT = 24f;

    /**
     * Reads {@code model.ts}: every number must be written as the exact decimal value of the bits in its
     * comment, which is what keeps the AssemblyScript compiler from rounding it another way.
     */
    static CreditScoreReference parse(Path modelTs) throws IOException {
        Map<String, List<Float>> arrays = new LinkedHashMap<>();
        List<Float> current = null;
        for (String line : Files.readAllLines(modelTs, StandardCharsets.UTF_8)) {
            Matcher start = ARRAY_START.matcher(line);
            Matcher scalar = SCALAR.matcher(line);
            Matcher entry = ENTRY.matcher(line);
            if (start.matches()) {
                current = new ArrayList<>();
                arrays.put(start.group(1), current);
            } else if (line.equals("];")) {
                current = null;
            } else if (scalar.matches()) {
                arrays.put(scalar.group(1), List.of(exact(scalar.group(2), scalar.group(3))));
            } else if (current != null) {
                if (!entry.matches()) {
                    throw new IllegalArgumentException("not an f32 entry in " + modelTs + ": " + line);
                }
                current.add(exact(entry.group(1), entry.group(2)));
            }
        }
        return new CreditScoreReference(
                floats(arrays, "FEATURE_MEAN", INPUTS),
                floats(arrays, "FEATURE_SCALE", INPUTS),
                floats(arrays, "W1", HIDDEN * INPUTS),
                floats(arrays, "B1", HIDDEN),
                floats(arrays, "W2", HIDDEN),
                floats(arrays, "B2", 1)[0]);
    }

    private static float exact(String literal, String hexBits) {
        float value = Float.intBitsToFloat(Integer.parseUnsignedInt(hexBits, 16));
        if (new BigDecimal(literal).compareTo(new BigDecimal(value)) != 0) {
            throw new IllegalArgumentException(literal + " is not exactly the f32 0x" + hexBits);
        }
        return value;
    }

    private static float[] floats(Map<String, List<Float>> arrays, String name, int length) {
        List<Float> values = arrays.get(name);
        if (values == null || values.size() != length) {
            throw new IllegalArgumentException(
                    name + " should hold " + length + " numbers, found " + (values == null ? "none" : values.size()));
        }
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** The score in basis points, as the contract's {@code score} computes it for in-range inputs. */
    int scoreBps(long incomeUsd, int debtToIncomeBps, int latePayments, int creditYears, int openLines) {
        return toBasisPoints(probability(incomeUsd, debtToIncomeBps, latePayments, creditYears, openLines));
    }

    /** The probability the score rounds, as the contract's {@code probabilityBits} returns its bits. */
    float probability(long incomeUsd, int debtToIncomeBps, int latePayments, int creditYears, int openLines) {
        float[] x = {incomeUsd, debtToIncomeBps, latePayments, creditYears, openLines};
        return sigmoid(logit(x));
    }

    float logit(float[] x) {
        float[] z = new float[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            z[i] = (x[i] - mean[i]) * scale[i];
        }
        float out = b2;
        for (int j = 0; j < HIDDEN; j++) {
            float a = b1[j];
            for (int i = 0; i < INPUTS; i++) {
                a += w1[j * INPUTS + i] * z[i];
            }
            if (a > 0) {
                out += w2[j] * a;
            }
        }
        return out;
    }

    static float expNeg(float a) {
        float k = a * LOG2E + ROUNDER - ROUNDER;
        float r = a - k * LN2_HI - k * LN2_LO;
        float u = -r;
        float e = 1f + u * (1f + u * (0.5f + u * (C3 + u * (C4 + u * (C5 + u * C6)))));
        if (k >= 32) {
            e *= 0x1p-32f;
            k -= 32;
        }
        if (k >= 16) {
            e *= 0x1p-16f;
            k -= 16;
        }
        if (k >= 8) {
            e *= 0x1p-8f;
            k -= 8;
        }
        if (k >= 4) {
            e *= 0x1p-4f;
            k -= 4;
        }
        if (k >= 2) {
            e *= 0x1p-2f;
            k -= 2;
        }
        if (k >= 1) {
            e *= 0x1p-1f;
        }
        return e;
    }

    static float sigmoid(float t) {
        float a = t >= 0 ? t : -t;
        if (a > MAX_ABS_LOGIT) {
            a = MAX_ABS_LOGIT;
        }
        float e = expNeg(a);
        return t >= 0 ? 1f / (1f + e) : e / (1f + e);
    }

    static int toBasisPoints(float p) {
        return (int) (p * 10000f + 0.5f);
    }
}
