package io.lockstep.benchmarks;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * How closely our outputs match ONNX Runtime's. Integers must be equal. Floats may differ in the last
 * bits (the two engines sum in different orders), by at most {@code 1e-4·|ort| + 1e-4·rms(ort)} per
 * element: relative where values are large, and relative to the output's typical size where a sum
 * cancels to almost nothing.
 *
 * @param worstError the largest {@code |ours - ort| / rms(ort)} over all float outputs (0 for integers)
 * @param failure why they disagree, or null
 */
record OutputAgreement(double worstError, String failure) {

    static final double RELATIVE = 1e-4;

    static OutputAgreement compare(Map<String, Tensor> ours, Map<String, Tensor> ort) {
        double worst = 0;
        for (Map.Entry<String, Tensor> e : ours.entrySet()) {
            Tensor a = e.getValue();
            Tensor b = ort.get(e.getKey());
            if (b == null) {
                return new OutputAgreement(worst, "ONNX Runtime has no output " + e.getKey());
            }
            if (!a.sameTypeAndShape(b)) {
                return new OutputAgreement(
                        worst,
                        e.getKey() + ": ours " + a.dtype() + Arrays.toString(a.shape()) + ", ONNX Runtime " + b.dtype()
                                + Arrays.toString(b.shape()));
            }
            if (a.dtype() != DType.FLOAT) {
                if (!a.equals(b)) {
                    return new OutputAgreement(worst, e.getKey() + ": integer outputs differ");
                }
                continue;
            }
            float[] x = a.toFloatArray();
            float[] y = b.toFloatArray();
            double squares = 0;
            for (float v : y) {
                squares += (double) v * v;
            }
            double rms = Math.sqrt(squares / Math.max(1, y.length));
            for (int i = 0; i < x.length; i++) {
                double diff = Math.abs((double) x[i] - y[i]);
                if (!(diff <= RELATIVE * Math.abs(y[i]) + RELATIVE * rms)) {
                    return new OutputAgreement(
                            worst,
                            String.format(
                                    Locale.ROOT,
                                    "%s[%d]: ours %s, ONNX Runtime %s (rms %.3g)",
                                    e.getKey(),
                                    i,
                                    x[i],
                                    y[i],
                                    rms));
                }
                worst = Math.max(worst, rms == 0 ? diff : diff / rms);
            }
        }
        return new OutputAgreement(worst, null);
    }

    String describe() {
        if (failure != null) {
            return "DISAGREE: " + failure;
        }
        return worstError == 0 ? "identical" : String.format(Locale.ROOT, "max err %.1e·rms", worstError);
    }
}
