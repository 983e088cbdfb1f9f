package io.lockstep.nn.reference;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One random model under construction: the builder, the random source every choice is drawn from
 * (so that a model is a function of its seed), fresh value names, the run inputs, and the number of
 * float operators whose rounding the two engines may do differently (what the tolerance grows with).
 */
final class RandomGraph {
    final SplittableRandom random;
    final OnnxModelBuilder builder;
    private final Map<String, Tensor> inputs = new LinkedHashMap<>();
    private int names;
    private int roundingSteps;

    RandomGraph(long seed) {
        this.random = new SplittableRandom(seed);
        this.builder = new OnnxModelBuilder();
    }

    /** Draws the model's opset from {@code options} and returns it. */
    long opset(long... options) {
        long opset = options[random.nextInt(options.length)];
        builder.opset(opset);
        return opset;
    }

    int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    /** Usually in {@code [lo, hi]}; with probability {@code p} in {@code [bigLo, bigHi]} instead. */
    int sometimesBig(int lo, int hi, double p, int bigLo, int bigHi) {
        return chance(p) ? between(bigLo, bigHi) : between(lo, hi);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    float uniform(float lo, float hi) {
        return (float) (lo + random.nextDouble() * (hi - lo));
    }

    <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    String fresh(String prefix) {
        return prefix + "_" + names++;
    }

    /** A float tensor with elements uniform in {@code [-scale, scale)}. */
    Tensor floats(float scale, int... shape) {
        float[] data = new float[count(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return Tensor.ofFloats(shape, data);
    }

    /** An int8 or uint8 tensor with elements uniform over the type's range. */
    Tensor bytes(DType dtype, int... shape) {
        byte[] data = new byte[count(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        return Tensor.ofBytes(dtype, shape, data);
    }

    /** An initializer of random floats; returns its name. */
    String weights(String prefix, float scale, int... shape) {
        return constant(prefix, floats(scale, shape));
    }

    String constant(String prefix, Tensor value) {
        String name = fresh(prefix);
        builder.initializer(name, value);
        return name;
    }

    /** A declared graph input fed with {@code value} at run time. */
    String input(String name, Tensor value) {
        long[] dims = new long[value.rank()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = value.dim(i);
        }
        builder.input(name, value.dtype(), dims);
        inputs.put(name, value);
        return name;
    }

    /** A node with one output; {@code attributes} sets its attributes. Returns the output's name. */
    String op(String type, Consumer<OnnxModelBuilder.NodeBuilder> attributes, String... in) {
        String out = fresh(type.toLowerCase(java.util.Locale.ROOT));
        OnnxModelBuilder.NodeBuilder node = builder.node(type).inputs(in).outputs(out);
        attributes.accept(node);
        node.add();
        return out;
    }

    String op(String type, String... in) {
        return op(type, n -> {}, in);
    }

    /** Like {@link #op(String, String...)}, counting one float step that the engines may round differently. */
    String rounded(String type, Consumer<OnnxModelBuilder.NodeBuilder> attributes, String... in) {
        roundingSteps++;
        return op(type, attributes, in);
    }

    String rounded(String type, String... in) {
        return rounded(type, n -> {}, in);
    }

    void output(String name, DType dtype, int... shape) {
        long[] dims = new long[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape[i];
        }
        builder.output(name, dtype, dims);
    }

    Map<String, Tensor> inputs() {
        return inputs;
    }

    int roundingSteps() {
        return roundingSteps;
    }

    static int count(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
