package io.lockstep.nn.reference;

import io.lockstep.nn.DType;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Random convolution networks over 1-D, 2-D or (rarely) 3-D inputs: one to three blocks of Conv (random
 * kernel, strides, dilations, explicit or automatic padding, groups or depthwise, with or without bias),
 * BatchNormalization, Relu and a MaxPool or AveragePool (padding, ceil mode, count_include_pad), then
 * GlobalAveragePool or not, Flatten and a Gemm classifier.
 */
final class CnnGenerator {
    private static final long[] OPSETS = {13, 15, 17, 19, 21};

    private CnnGenerator() {}

    static GeneratedModel generate(long seed) {
        RandomGraph g = new RandomGraph(seed);
        long opset = g.opset(OPSETS);
        StringBuilder what = new StringBuilder("CNN opset ").append(opset);
        int rank = g.chance(0.1) ? 3 : g.chance(0.25) ? 1 : 2;
        int batch = g.between(1, 2);
        int channels = g.between(1, 4);
        int[] spatial = new int[rank];
        for (int d = 0; d < rank; d++) {
            spatial[d] = rank == 3 ? g.between(4, 7) : rank == 1 ? g.between(8, 200) : g.between(6, 24);
        }
        String x = g.input("x", g.floats(2f, concat(new int[] {batch, channels}, spatial)));
        what.append(" x").append(Arrays.toString(concat(new int[] {batch, channels}, spatial)));
        int blocks = g.between(1, 3);
        String features = null;
        int[] featureShape = null;
        for (int block = 0; block < blocks; block++) {
            // Now and then more maps than one block of 64.
            int maps = g.sometimesBig(2, 16, 0.15, 60, 80);
            int group = 1;
            if (channels > 1 && g.chance(0.2)) {
                group = channels;
                maps = channels * g.between(1, 2);
            } else if (channels % 2 == 0 && g.chance(0.2)) {
                group = 2;
                maps += maps % 2;
            }
            Window conv = Window.draw(g, spatial, 3, 2, true);
            int fanIn = channels / group * RandomGraph.count(conv.kernel);
            int[] wShape = concat(new int[] {maps, channels / group}, conv.kernel);
            String w = g.weights("w", (float) (1.7 / Math.sqrt(fanIn)), wShape);
            boolean bias = g.chance(0.7);
            int groups = group;
            Consumer<OnnxModelBuilder.NodeBuilder> attributes = n -> {
                conv.apply(n);
                if (groups > 1) {
                    n.attr("group", (long) groups);
                }
            };
            x = bias
                    ? g.rounded("Conv", attributes, x, w, g.weights("b", 0.2f, maps))
                    : g.rounded("Conv", attributes, x, w);
            what.append(" Conv")
                    .append(Arrays.toString(wShape))
                    .append(conv)
                    .append(group > 1 ? " group " + group : "");
            what.append(bias ? " +B" : "");
            channels = maps;
            spatial = conv.output(spatial, false);
            if (g.chance(0.7)) {
                x = batchNormalization(g, x, maps, what);
            }
            if (g.chance(0.8)) {
                x = g.op("Relu", x);
                what.append(" Relu");
            }
            if (g.chance(0.6) && min(spatial) >= 2) {
                boolean max = g.chance(0.5);
                // Pools take dilations from opset 10 (MaxPool) and 19 (AveragePool).
                Window pool = Window.drawPool(g, spatial, max || opset >= 19);
                boolean ceil = g.chance(0.3) && !pool.lastCeilWindowStartsInEndPadding(spatial);
                boolean includePad = !max && g.chance(0.5);
                Consumer<OnnxModelBuilder.NodeBuilder> poolAttributes = n -> {
                    pool.apply(n);
                    if (ceil) {
                        n.attr("ceil_mode", 1L);
                    }
                    if (includePad) {
                        n.attr("count_include_pad", 1L);
                    }
                };
                x = max ? g.op("MaxPool", poolAttributes, x) : g.rounded("AveragePool", poolAttributes, x);
                what.append(max ? " MaxPool" : " AveragePool").append(pool).append(ceil ? " ceil" : "");
                what.append(includePad ? " count_include_pad" : "");
                spatial = pool.output(spatial, ceil);
            }
            if (block == 0) {
                features = x;
                featureShape = concat(new int[] {batch, maps}, spatial);
            }
        }
        int width = channels;
        if (g.chance(0.5)) {
            x = g.rounded("GlobalAveragePool", x);
            what.append(" GlobalAveragePool");
        } else {
            width = channels * RandomGraph.count(spatial);
        }
        x = g.op("Flatten", n -> n.attr("axis", 1L), x);
        int classes = g.between(2, 10);
        String w = g.weights("w", (float) (1.7 / Math.sqrt(width)), classes, width);
        String logits = g.rounded("Gemm", n -> n.attr("transB", 1L), x, w, g.weights("c", 0.2f, classes));
        what.append(" Flatten Gemm ").append(width).append("->").append(classes);
        g.output(logits, DType.FLOAT, batch, classes);
        Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        tolerances.put(logits, Tolerance.base());
        // The first block's output as well: many more elements than the logits.
        g.output(features, DType.FLOAT, featureShape);
        tolerances.put(features, Tolerance.base());
        return new GeneratedModel(what.toString(), g.builder.build(), g.inputs(), tolerances, g.roundingSteps());
    }

    private static String batchNormalization(RandomGraph g, String x, int maps, StringBuilder what) {
        float epsilon = g.pick(new Float[] {1e-5f, 1e-3f});
        String scale = g.constant("scale", positive(g, maps, 0.5f, 1.5f));
        String bias = g.weights("bias", 0.5f, maps);
        String mean = g.weights("mean", 0.5f, maps);
        String variance = g.constant("var", positive(g, maps, 0.2f, 2f));
        what.append(" BatchNormalization");
        return g.rounded("BatchNormalization", n -> n.attr("epsilon", epsilon), x, scale, bias, mean, variance);
    }

    private static io.lockstep.nn.Tensor positive(RandomGraph g, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = g.uniform(lo, hi);
        }
        return io.lockstep.nn.Tensor.ofFloats(new int[] {n}, v);
    }

    static int min(int[] dims) {
        return Arrays.stream(dims).min().orElse(0);
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Kernel, strides, dilations and padding of a convolution or pooling window over the spatial dims. */
    record Window(int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] padEnd, String autoPad) {
        /** A convolution window that fits the input; {@code maxKernel} per dim, dilation only when asked. */
        static Window draw(RandomGraph g, int[] in, int maxKernel, int maxStride, boolean dilate) {
            int rank = in.length;
            String autoPad = g.pick(new String[] {"NOTSET", "NOTSET", "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"});
            while (true) {
                int[] kernel = new int[rank];
                int[] strides = new int[rank];
                int[] dilations = new int[rank];
                int[] padBegin = new int[rank];
                int[] padEnd = new int[rank];
                boolean fits = true;
                for (int d = 0; d < rank; d++) {
                    kernel[d] = g.chance(0.1) ? 5 : g.between(1, maxKernel);
                    strides[d] = g.between(1, maxStride);
                    // ORT refuses dilations with SAME_UPPER and SAME_LOWER (the engine takes them).
                    dilations[d] = dilate && autoPad.equals("NOTSET") && g.chance(0.2) ? 2 : 1;
                    int extent = (kernel[d] - 1) * dilations[d] + 1;
                    switch (autoPad) {
                        case "NOTSET" -> {
                            padBegin[d] = g.between(0, kernel[d] - 1);
                            padEnd[d] = g.between(0, kernel[d] - 1);
                        }
                        case "VALID" -> {}
                        default -> {
                            int out = (in[d] + strides[d] - 1) / strides[d];
                            int total = Math.max(0, (out - 1) * strides[d] + extent - in[d]);
                            padBegin[d] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                            padEnd[d] = total - padBegin[d];
                        }
                    }
                    fits &= in[d] + padBegin[d] + padEnd[d] >= extent;
                }
                if (fits) {
                    return new Window(kernel, strides, dilations, padBegin, padEnd, autoPad);
                }
            }
        }

        /** A pooling window: kernel 2 or 3, explicit padding smaller than the kernel (as ORT requires). */
        static Window drawPool(RandomGraph g, int[] in, boolean dilate) {
            int rank = in.length;
            while (true) {
                int[] kernel = new int[rank];
                int[] strides = new int[rank];
                int[] dilations = new int[rank];
                int[] padBegin = new int[rank];
                int[] padEnd = new int[rank];
                boolean fits = true;
                for (int d = 0; d < rank; d++) {
                    kernel[d] = g.between(2, 3);
                    strides[d] = g.between(1, 2);
                    dilations[d] = dilate && g.chance(0.1) ? 2 : 1;
                    if (g.chance(0.5)) {
                        padBegin[d] = g.between(0, kernel[d] - 1);
                        padEnd[d] = g.between(0, kernel[d] - 1);
                    }
                    fits &= in[d] + padBegin[d] + padEnd[d] >= (kernel[d] - 1) * dilations[d] + 1;
                }
                if (fits) {
                    return new Window(kernel, strides, dilations, padBegin, padEnd, "NOTSET");
                }
            }
        }

        void apply(OnnxModelBuilder.NodeBuilder node) {
            node.attr("kernel_shape", longs(kernel));
            node.attr("strides", longs(strides));
            if (Arrays.stream(dilations).anyMatch(d -> d != 1)) {
                node.attr("dilations", longs(dilations));
            }
            if (autoPad.equals("NOTSET")) {
                node.attr("pads", longs(concat(padBegin, padEnd)));
            } else {
                node.attr("auto_pad", autoPad);
            }
        }

        /** Output extents; with {@code ceil}, a last window that would start in the end padding is dropped. */
        int[] output(int[] in, boolean ceil) {
            int[] out = new int[in.length];
            for (int d = 0; d < in.length; d++) {
                int span = in[d] + padBegin[d] + padEnd[d] - ((kernel[d] - 1) * dilations[d] + 1);
                if (autoPad.startsWith("SAME")) {
                    out[d] = (in[d] + strides[d] - 1) / strides[d];
                } else if (ceil) {
                    out[d] = (span + strides[d] - 1) / strides[d] + 1;
                    if ((out[d] - 1) * strides[d] >= in[d] + padBegin[d]) {
                        out[d]--;
                    }
                } else {
                    out[d] = span / strides[d] + 1;
                }
            }
            return out;
        }

        /**
         * With ceil_mode, ONNX (the note of MaxPool and AveragePool since opset 19), PyTorch, ORT's
         * kernels and the engine drop a last window that would start in the end padding, but the ONNX
         * shape inference that ORT 1.29 runs when it loads a model keeps it, so a Gemm sized after the
         * pool fails to load there. Such windows are left out of the generated models.
         */
        boolean lastCeilWindowStartsInEndPadding(int[] in) {
            for (int d = 0; d < in.length; d++) {
                int span = in[d] + padBegin[d] + padEnd[d] - ((kernel[d] - 1) * dilations[d] + 1);
                int out = (span + strides[d] - 1) / strides[d] + 1;
                if ((out - 1) * strides[d] >= in[d] + padBegin[d]) {
                    return true;
                }
            }
            return false;
        }

        private static long[] longs(int[] values) {
            return Arrays.stream(values).asLongStream().toArray();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(" k").append(Arrays.toString(kernel));
            s.append(" s").append(Arrays.toString(strides));
            if (Arrays.stream(dilations).anyMatch(d -> d != 1)) {
                s.append(" d").append(Arrays.toString(dilations));
            }
            if (autoPad.equals("NOTSET")) {
                s.append(" pads").append(Arrays.toString(concat(padBegin, padEnd)));
            } else {
                s.append(' ').append(autoPad);
            }
            return s.toString();
        }
    }
}
