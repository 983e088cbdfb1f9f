package io.lockstep.nn.internal.kernel.norm;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.Work;

/**
 * BatchNormalization in inference mode over an (N, C, D1, ...) float input with per-channel scale,
 * bias, mean and variance. In double, per channel {@code f = scale / sqrt(var + epsilon)} (StrictMath)
 * and per element {@code y = (float) ((x - mean) * f + bias)}, rounded to float once. Training mode
 * (its statistics outputs) is not supported. One unit per (batch, channel) plane.
 */
public final class BatchNormalizationOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(5, 5, 1, 5);
        for (int i = 0; i < 5; i++) {
            node.requireDType(i, DType.FLOAT);
        }
        for (int i = 1; i < node.outputCount(); i++) {
            if (node.hasOutput(i)) {
                throw node.fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, "training outputs are not supported");
            }
        }
        if (node.intAttribute("training_mode", 0) != 0) {
            throw node.fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, "training_mode is not supported");
        }
        if (node.intAttribute("spatial", 1) != 1) {
            throw node.fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, "spatial = 0 is not supported");
        }
        // Only the running statistics are updated with momentum, which inference never does.
        node.ignoreAttributes("momentum", "is_test");
        double epsilon = node.floatAttribute("epsilon", 1e-5f);
        Shape x = node.shape(0);
        if (x.rank() < 2) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "X must be (N, C, ...), is " + x);
        }
        int channels = x.dim(1);
        for (int i = 1; i < 5; i++) {
            if (!node.shape(i).equals(Shape.of(channels))) {
                throw node.fail(
                        NnErrorCode.SHAPE_MISMATCH, "input " + i + " must be [" + channels + "], is " + node.shape(i));
            }
        }
        int plane = x.sizeOf(2, x.rank());
        int planes = x.dim(0) * channels;
        Work work = Work.elements(2L * x.size()).plus(Work.divisions(2L * planes));
        return NodePlan.of(node.input(0), work, planes, (io, from, to, scratch) -> {
            float[] in = io.floatIn(0);
            float[] scale = io.floatIn(1);
            float[] bias = io.floatIn(2);
            float[] mean = io.floatIn(3);
            float[] var = io.floatIn(4);
            float[] y = io.floatOut(0);
            for (int p = from; p < to; p++) {
                int c = p % channels;
                double f = scale[c] / StrictMath.sqrt(var[c] + epsilon);
                double m = mean[c];
                double b = bias[c];
                int base = p * plane;
                for (int i = base; i < base + plane; i++) {
                    y[i] = CanonicalNaN.round((in[i] - m) * f + b);
                }
            }
        });
    }
}
