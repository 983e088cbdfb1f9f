package io.lockstep.nn.internal.operator;

/**
 * A node's input and output arrays during a run: {@code float[]}, {@code byte[]} (int8, uint8, bool),
 * {@code int[]} or {@code long[]} by dtype, each exactly as long as its tensor. Absent optional inputs
 * and outputs are null. Kernels never write to inputs.
 */
public final class KernelIo {
    private final Object[] inputs;
    private final Object[] outputs;

    public KernelIo(Object[] inputs, Object[] outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
    }

    public Object in(int i) {
        return inputs[i];
    }

    public float[] floatIn(int i) {
        return (float[]) inputs[i];
    }

    public byte[] byteIn(int i) {
        return (byte[]) inputs[i];
    }

    public int[] intIn(int i) {
        return (int[]) inputs[i];
    }

    public long[] longIn(int i) {
        return (long[]) inputs[i];
    }

    public Object out(int i) {
        return outputs[i];
    }

    public float[] floatOut(int i) {
        return (float[]) outputs[i];
    }

    public byte[] byteOut(int i) {
        return (byte[]) outputs[i];
    }

    public int[] intOut(int i) {
        return (int[]) outputs[i];
    }

    public long[] longOut(int i) {
        return (long[]) outputs[i];
    }

    public boolean hasOutput(int i) {
        return i < outputs.length && outputs[i] != null;
    }

    public int inputCount() {
        return inputs.length;
    }

    public int outputCount() {
        return outputs.length;
    }
}
