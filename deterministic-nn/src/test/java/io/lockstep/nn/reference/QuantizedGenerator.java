package io.lockstep.nn.reference;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Random quantized models of the four shapes quantization tools emit: static QDQ around QLinearMatMul
 * and around QLinearConv (QuantizeLinear, the QLinear operator, DequantizeLinear), integer products
 * (MatMulInteger, ConvInteger) on integer inputs, and dynamic quantization (DynamicQuantizeLinear,
 * MatMulInteger, Cast and the scale multiplications). Scales are drawn so that a fraction of the
 * outputs saturate and the rest spread over the type's range.
 */
final class QuantizedGenerator {
    private QuantizedGenerator() {}

    /** QuantizeLinear, QLinearMatMul (2-D or batched), DequantizeLinear. */
    static GeneratedModel qlinearMatMul(long seed) {
        RandomGraph g = new RandomGraph(seed);
        long opset = g.opset(10, 13, 19, 21);
        DType aType = g.chance(0.6) ? DType.UINT8 : DType.INT8;
        DType bType = aType == DType.INT8 || g.chance(0.5) ? DType.INT8 : DType.UINT8;
        boolean batched = g.chance(0.3);
        int m = g.sometimesBig(1, 15, 0.3, 16, 40);
        int k = g.sometimesBig(4, 128, 0.3, 129, 1200);
        int n = g.sometimesBig(1, 64, 0.2, 500, 700);
        int[] lead = batched ? new int[] {g.between(2, 3), m} : new int[] {m};
        StringBuilder what = new StringBuilder("QLinearMatMul opset ").append(opset);
        what.append(' ').append(aType).append(" x ").append(bType).append(' ');
        what.append(Arrays.toString(MlpGenerator.append(lead, k)))
                .append(" x [")
                .append(k)
                .append(", ");
        what.append(n).append(']');

        String x = g.input("x", g.floats(2f, MlpGenerator.append(lead, k)));
        float xScale = 2f / 127 * g.uniform(0.8f, 1.5f);
        String xs = g.constant("x_scale", Tensor.scalar(xScale));
        String xz = g.constant("x_zero", zeroPoint(g, aType));
        String xq = g.op("QuantizeLinear", x, xs, xz);

        String w = g.constant("w", g.bytes(bType, k, n));
        boolean perColumn = g.chance(0.5);
        float wScale = g.uniform(0.002f, 0.02f);
        String ws = g.constant("w_scale", perColumn ? scales(g, n, wScale) : Tensor.scalar(wScale));
        boolean zeroPerColumn = perColumn && g.chance(0.5);
        String wz = g.constant("w_zero", zeroPerColumn ? zeroPoints(g, bType, n) : zeroPoint(g, bType));
        what.append(perColumn ? " per-column scale" : "").append(zeroPerColumn ? " per-column zero point" : "");

        // The accumulator has about sqrt(k) * 50 * 74 in magnitude; aim for about 40 output steps.
        float yScale = (float) (xScale * wScale * Math.sqrt(k) * 50 * 74 / 40) * g.uniform(0.5f, 1.5f);
        // ORT implements QLinearMatMul only with y of a's type.
        DType yType = aType;
        String ys = g.constant("y_scale", Tensor.scalar(yScale));
        String yz = g.constant("y_zero", zeroPoint(g, yType));
        String yq = g.op("QLinearMatMul", xq, xs, xz, w, ws, wz, ys, yz);
        String y = g.op("DequantizeLinear", yq, ys, yz);
        what.append(" -> ").append(yType);

        int[] outShape = MlpGenerator.append(lead, n);
        g.output(xq, aType, MlpGenerator.append(lead, k));
        g.output(yq, yType, outShape);
        g.output(y, DType.FLOAT, outShape);
        Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        tolerances.put(xq, Tolerance.exact());
        tolerances.put(yq, requantized());
        tolerances.put(y, dequantized(yScale));
        return new GeneratedModel(what.toString(), g.builder.build(), g.inputs(), tolerances, g.roundingSteps());
    }

    /** QuantizeLinear, QLinearConv (groups, per-channel weight scales, bias), maybe MaxPool, DequantizeLinear. */
    static GeneratedModel qlinearConv(long seed) {
        RandomGraph g = new RandomGraph(seed);
        long opset = g.opset(10, 13, 19, 21);
        DType xType = g.chance(0.6) ? DType.UINT8 : DType.INT8;
        DType wType = xType == DType.INT8 || g.chance(0.5) ? DType.INT8 : DType.UINT8;
        int rank = g.chance(0.25) ? 1 : 2;
        int batch = g.between(1, 2);
        int group = g.chance(0.25) ? 2 : 1;
        int channels = group * g.between(1, 4);
        int maps = group * g.between(1, 8);
        int[] spatial = new int[rank];
        for (int d = 0; d < rank; d++) {
            // Now and then more than one tile of output positions (QuantizedConv.TILE, 256).
            spatial[d] = rank == 1 ? g.sometimesBig(6, 32, 0.3, 129, 300) : g.sometimesBig(4, 10, 0.3, 11, 20);
        }
        CnnGenerator.Window window = CnnGenerator.Window.draw(g, spatial, 3, 2, true);
        int[] xShape = CnnGenerator.concat(new int[] {batch, channels}, spatial);
        int[] wShape = CnnGenerator.concat(new int[] {maps, channels / group}, window.kernel());
        StringBuilder what = new StringBuilder("QLinearConv opset ")
                .append(opset)
                .append(' ')
                .append(xType);
        what.append(" x ")
                .append(wType)
                .append(" x")
                .append(Arrays.toString(xShape))
                .append(" w");
        what.append(Arrays.toString(wShape)).append(window).append(group > 1 ? " group " + group : "");

        String x = g.input("x", g.floats(2f, xShape));
        float xScale = 2f / 127 * g.uniform(0.8f, 1.5f);
        String xs = g.constant("x_scale", Tensor.scalar(xScale));
        String xz = g.constant("x_zero", zeroPoint(g, xType));
        String xq = g.op("QuantizeLinear", x, xs, xz);

        String w = g.constant("w", g.bytes(wType, wShape));
        boolean perChannel = g.chance(0.5);
        float wScale = g.uniform(0.002f, 0.02f);
        String ws = g.constant("w_scale", perChannel ? scales(g, maps, wScale) : Tensor.scalar(wScale));
        // ORT requires one zero point for all channels of a per-channel filter; a scalar says the same.
        String wz = g.constant("w_zero", zeroPoint(g, wType));
        what.append(perChannel ? " per-channel scale" : "");

        int depth = channels / group * RandomGraph.count(window.kernel());
        float yScale = (float) (xScale * wScale * Math.sqrt(depth) * 50 * 74 / 40) * g.uniform(0.5f, 1.5f);
        DType yType = xType;
        String ys = g.constant("y_scale", Tensor.scalar(yScale));
        String yz = g.constant("y_zero", zeroPoint(g, yType));
        String[] in = {xq, xs, xz, w, ws, wz, ys, yz};
        if (g.chance(0.6)) {
            int[] bias = new int[maps];
            int spread = (int) Math.min(Integer.MAX_VALUE / 4, Math.sqrt(depth) * 50 * 74);
            for (int i = 0; i < maps; i++) {
                bias[i] = g.random.nextInt(-spread, spread + 1);
            }
            in = Arrays.copyOf(in, 9);
            in[8] = g.constant("bias", Tensor.ofInts(new int[] {maps}, bias));
            what.append(" +B");
        }
        int groups = group;
        String yq = g.op(
                "QLinearConv",
                n -> {
                    window.apply(n);
                    if (groups > 1) {
                        n.attr("group", (long) groups);
                    }
                },
                in);
        int[] outSpatial = window.output(spatial, false);
        // MaxPool takes int8 and uint8 from opset 12 (the engine takes them at every opset).
        if (opset >= 12 && g.chance(0.4) && CnnGenerator.min(outSpatial) >= 2) {
            CnnGenerator.Window pool = CnnGenerator.Window.drawPool(g, outSpatial, false);
            yq = g.op("MaxPool", n -> pool.apply(n), yq);
            outSpatial = pool.output(outSpatial, false);
            what.append(" MaxPool").append(pool);
        }
        String y = g.op("DequantizeLinear", yq, ys, yz);

        int[] outShape = CnnGenerator.concat(new int[] {batch, maps}, outSpatial);
        g.output(yq, yType, outShape);
        g.output(y, DType.FLOAT, outShape);
        Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        tolerances.put(yq, requantized());
        tolerances.put(y, dequantized(yScale));
        return new GeneratedModel(what.toString(), g.builder.build(), g.inputs(), tolerances, g.roundingSteps());
    }

    /** MatMulInteger (2-D or batched, zero points scalar or per column) or ConvInteger, on integer inputs. */
    static GeneratedModel integerProduct(long seed) {
        RandomGraph g = new RandomGraph(seed);
        long opset = g.opset(10, 13, 21);
        return g.chance(0.3) ? convInteger(g, opset) : matMulInteger(g, opset);
    }

    private static GeneratedModel matMulInteger(RandomGraph g, long opset) {
        DType aType = g.chance(0.5) ? DType.UINT8 : DType.INT8;
        DType bType = g.chance(0.5) ? DType.UINT8 : DType.INT8;
        boolean batched = g.chance(0.3);
        int m = g.sometimesBig(1, 15, 0.3, 16, 40);
        int k = g.sometimesBig(1, 300, 0.2, 301, 2000);
        int n = g.sometimesBig(1, 80, 0.2, 500, 700);
        int[] lead = batched ? new int[] {g.between(2, 3), m} : new int[] {m};
        StringBuilder what = new StringBuilder("MatMulInteger opset ")
                .append(opset)
                .append(' ')
                .append(aType);
        what.append(" x ").append(bType).append(' ').append(Arrays.toString(MlpGenerator.append(lead, k)));
        what.append(" x [").append(k).append(", ").append(n).append(']');
        String a = g.input("a", g.bytes(aType, MlpGenerator.append(lead, k)));
        boolean bInput = g.chance(0.3);
        String b = bInput ? g.input("b", g.bytes(bType, k, n)) : g.constant("b", g.bytes(bType, k, n));
        what.append(bInput ? " (B an input)" : "");
        String y;
        switch (g.random.nextInt(3)) {
            case 0 -> y = g.op("MatMulInteger", a, b);
            case 1 -> {
                y = g.op("MatMulInteger", a, b, g.constant("a_zero", zeroPoint(g, aType)));
                what.append(" a_zero_point");
            }
            default -> {
                boolean perColumn = g.chance(0.5);
                String bz = g.constant("b_zero", perColumn ? zeroPoints(g, bType, n) : zeroPoint(g, bType));
                y = g.op("MatMulInteger", a, b, g.constant("a_zero", zeroPoint(g, aType)), bz);
                what.append(" a_zero_point b_zero_point").append(perColumn ? " per column" : "");
            }
        }
        g.output(y, DType.INT32, MlpGenerator.append(lead, n));
        return new GeneratedModel(what.toString(), g.builder.build(), g.inputs(), Map.of(y, Tolerance.exact()), 0);
    }

    /** ConvInteger: ORT's CPU kernel takes uint8 input and weights. */
    private static GeneratedModel convInteger(RandomGraph g, long opset) {
        int rank = g.chance(0.3) ? 1 : 2;
        int batch = g.between(1, 2);
        int group = g.chance(0.25) ? 2 : 1;
        int channels = group * g.between(1, 4);
        int maps = group * g.between(1, 8);
        int[] spatial = new int[rank];
        for (int d = 0; d < rank; d++) {
            spatial[d] = rank == 1 ? g.between(6, 32) : g.between(4, 14);
        }
        CnnGenerator.Window window = CnnGenerator.Window.draw(g, spatial, 3, 2, true);
        int[] xShape = CnnGenerator.concat(new int[] {batch, channels}, spatial);
        int[] wShape = CnnGenerator.concat(new int[] {maps, channels / group}, window.kernel());
        StringBuilder what =
                new StringBuilder("ConvInteger opset ").append(opset).append(" x");
        what.append(Arrays.toString(xShape))
                .append(" w")
                .append(Arrays.toString(wShape))
                .append(window);
        what.append(group > 1 ? " group " + group : "");
        String x = g.input("x", g.bytes(DType.UINT8, xShape));
        String w = g.constant("w", g.bytes(DType.UINT8, wShape));
        String xz = g.constant("x_zero", zeroPoint(g, DType.UINT8));
        String wz = g.constant("w_zero", zeroPoint(g, DType.UINT8));
        int groups = group;
        String y = g.op(
                "ConvInteger",
                n -> {
                    window.apply(n);
                    if (groups > 1) {
                        n.attr("group", (long) groups);
                    }
                },
                x,
                w,
                xz,
                wz);
        g.output(y, DType.INT32, CnnGenerator.concat(new int[] {batch, maps}, window.output(spatial, false)));
        return new GeneratedModel(what.toString(), g.builder.build(), g.inputs(), Map.of(y, Tolerance.exact()), 0);
    }

    /** DynamicQuantizeLinear, MatMulInteger with constant weights, Cast, scale Mul, bias Add. */
    static GeneratedModel dynamicQuantization(long seed) {
        RandomGraph g = new RandomGraph(seed);
        long opset = g.opset(11, 13, 17, 21);
        DType wType = g.chance(0.5) ? DType.UINT8 : DType.INT8;
        int m = g.sometimesBig(1, 15, 0.3, 16, 48);
        int k = g.sometimesBig(2, 200, 0.2, 201, 800);
        int n = g.sometimesBig(1, 64, 0.2, 500, 600);
        float xRange = g.pick(new Float[] {0.01f, 1f, 3f, 100f});
        StringBuilder what = new StringBuilder("DynamicQuantizeLinear+MatMulInteger opset ").append(opset);
        what.append(" x[").append(m).append(", ").append(k).append("] in +-").append(xRange);
        what.append(" w ")
                .append(wType)
                .append("[")
                .append(k)
                .append(", ")
                .append(n)
                .append(']');
        Tensor xValues = g.floats(xRange, m, k);
        if (g.chance(0.3)) {
            // All positive: the zero point is 0 and min is 0.
            float[] v = xValues.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.abs(v[i]);
            }
            xValues = Tensor.ofFloats(new int[] {m, k}, v);
            what.append(" non-negative");
        }
        String x = g.input("x", xValues);
        String xq = g.fresh("xq");
        String xs = g.fresh("x_scale");
        String xz = g.fresh("x_zero");
        g.builder.node("DynamicQuantizeLinear").inputs(x).outputs(xq, xs, xz).add();
        String w = g.constant("w", g.bytes(wType, k, n));
        String wz = g.constant("w_zero", zeroPoint(g, wType));
        String acc = g.op("MatMulInteger", xq, w, xz, wz);
        String accFloat = g.op("Cast", c -> c.attr("to", (long) DType.FLOAT.onnxCode()), acc);
        String scale = g.op("Mul", xs, g.constant("w_scale", Tensor.scalar(g.uniform(0.001f, 0.02f))));
        String y = g.op("Add", g.op("Mul", accFloat, scale), g.weights("bias", 0.5f, n));

        g.output(xq, DType.UINT8, m, k);
        g.output(xs, DType.FLOAT);
        g.output(xz, DType.UINT8);
        g.output(acc, DType.INT32, m, n);
        g.output(y, DType.FLOAT, m, n);
        Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        tolerances.put(xq, Tolerance.exact());
        tolerances.put(xs, Tolerance.exact());
        tolerances.put(xz, Tolerance.exact());
        tolerances.put(acc, Tolerance.exact());
        // Cast of an exact int32, then two IEEE multiplications and an addition: exact in both engines.
        tolerances.put(y, Tolerance.exact());
        return new GeneratedModel(what.toString(), g.builder.build(), g.inputs(), tolerances, g.roundingSteps());
    }

    /** One step of the output's quantization either way: see {@link Tolerance} and the conformance notes. */
    static Tolerance requantized() {
        return Tolerance.integers(1, "requantization: ORT multiplies the int32 accumulator in float32");
    }

    static Tolerance dequantized(float yScale) {
        return Tolerance.floats(
                Tolerance.BASE_RELATIVE,
                Tolerance.BASE_ABSOLUTE + yScale * 1.0001,
                "one quantization step of the requantized integer it dequantizes");
    }

    private static Tensor zeroPoint(RandomGraph g, DType type) {
        return Tensor.ofBytes(type, new int[0], zero(g, type));
    }

    private static Tensor zeroPoints(RandomGraph g, DType type, int n) {
        byte[] z = new byte[n];
        for (int i = 0; i < n; i++) {
            z[i] = zero(g, type);
        }
        return Tensor.ofBytes(type, new int[] {n}, z);
    }

    /** uint8 zero points near the middle of the range; int8 ones near 0 (often exactly 0, as tools emit). */
    private static byte zero(RandomGraph g, DType type) {
        if (type == DType.UINT8) {
            return (byte) g.between(100, 156);
        }
        return g.chance(0.5) ? 0 : (byte) g.between(-10, 10);
    }

    private static Tensor scales(RandomGraph g, int n, float around) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = around * g.uniform(0.5f, 1.5f);
        }
        return Tensor.ofFloats(new int[] {n}, s);
    }
}
