package io.lockstep.benchmarks;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference engine: one ONNX Runtime session on the CPU execution provider, with its input tensors
 * created once. Runs sequentially (inter-op 1) with {@code threads} intra-op threads; with one, ORT
 * computes on the calling thread, so the measuring thread's CPU time counts all of its work.
 */
final class OnnxRuntimeSession implements AutoCloseable {

    /** The optimization level we use: ORT's own default for sessions (all graph rewrites and fusions). */
    static final OptLevel OPTIMIZATION = OptLevel.ALL_OPT;

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();

    OnnxRuntimeSession(byte[] model, int threads, Map<String, Tensor> inputValues) throws OrtException {
        try (SessionOptions options = new SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OPTIMIZATION);
            // Idle workers block instead of spinning, like ours: on a shared 2-core machine a spinning
            // worker would steal the core the next measured run needs.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = ENVIRONMENT.createSession(model, options);
        }
        for (Map.Entry<String, Tensor> e : inputValues.entrySet()) {
            inputs.put(e.getKey(), toOrt(e.getValue()));
        }
    }

    static String version() {
        return ENVIRONMENT.getVersion();
    }

    /** One run; the outputs in graph order, as our tensors (for the agreement check). */
    Map<String, Tensor> run() throws OrtException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (OrtSession.Result result = session.run(inputs)) {
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                out.put(e.getKey(), fromOrt((OnnxTensor) e.getValue()));
            }
        }
        return out;
    }

    /**
     * One run for timing: the first output is copied into a Java buffer, as our engine returns its
     * outputs in Java arrays, and one element is returned so that nothing can be skipped.
     */
    long timedRun() throws OrtException {
        try (OrtSession.Result result = session.run(inputs)) {
            OnnxTensor t = (OnnxTensor) result.get(0);
            return switch (t.getInfo().type) {
                case FLOAT -> Float.floatToRawIntBits(t.getFloatBuffer().get(0));
                case INT32 -> t.getIntBuffer().get(0);
                default -> t.getByteBuffer().get(0);
            };
        }
    }

    @Override
    public void close() throws OrtException {
        for (OnnxTensor t : inputs.values()) {
            t.close();
        }
        session.close();
    }

    private static OnnxTensor toOrt(Tensor t) throws OrtException {
        int[] shape = t.shape();
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        return switch (t.dtype()) {
            case FLOAT -> OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(t.toFloatArray()), dims);
            case INT32 -> OnnxTensor.createTensor(ENVIRONMENT, IntBuffer.wrap(t.toIntArray()), dims);
            case INT64 -> OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(t.toLongArray()), dims);
            case UINT8 -> OnnxTensor.createTensor(
                    ENVIRONMENT, ByteBuffer.wrap(t.toByteArray()), dims, OnnxJavaType.UINT8);
            case INT8 -> OnnxTensor.createTensor(
                    ENVIRONMENT, ByteBuffer.wrap(t.toByteArray()), dims, OnnxJavaType.INT8);
            case BOOL -> OnnxTensor.createTensor(
                    ENVIRONMENT, ByteBuffer.wrap(t.toByteArray()), dims, OnnxJavaType.BOOL);
        };
    }

    private static Tensor fromOrt(OnnxTensor t) {
        TensorInfo info = t.getInfo();
        long[] dims = info.getShape();
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = Math.toIntExact(dims[i]);
        }
        switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] data = new float[b.remaining()];
                b.get(data);
                return Tensor.ofFloats(shape, data);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                int[] data = new int[b.remaining()];
                b.get(data);
                return Tensor.ofInts(shape, data);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] data = new long[b.remaining()];
                b.get(data);
                return Tensor.ofLongs(shape, data);
            }
            case UINT8, INT8 -> {
                ByteBuffer b = t.getByteBuffer();
                byte[] data = new byte[b.remaining()];
                b.get(data);
                return Tensor.ofBytes(info.type == OnnxJavaType.UINT8 ? DType.UINT8 : DType.INT8, shape, data);
            }
            default -> throw new IllegalStateException("ONNX Runtime returned a " + info.type + " output");
        }
    }
}
