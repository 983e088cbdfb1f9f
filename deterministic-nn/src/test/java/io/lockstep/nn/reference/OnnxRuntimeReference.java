package io.lockstep.nn.reference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;
import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime (Java, CPU) as the second reference for the engine's outputs. Sessions run on one
 * thread, sequentially, with graph optimizations disabled: ORT would otherwise fuse nodes (Conv with
 * BatchNormalization, MatMul with Add, the quantized patterns) into kernels whose rounding differs from
 * the graph as written, and the comparison would test the fusion instead of each operator.
 */
final class OnnxRuntimeReference implements AutoCloseable {
    private final OrtEnvironment environment;
    private final SessionOptions options;

    private OnnxRuntimeReference(OrtEnvironment environment, SessionOptions options) {
        this.environment = environment;
        this.options = options;
    }

    /**
     * Loads ORT's native library and sets up the session options. Throws whatever the loading throws
     * ({@link LinkageError} when the library does not fit the machine); callers turn it into a skip.
     */
    static OnnxRuntimeReference open() throws OrtException {
        OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        SessionOptions options = new SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(SessionOptions.OptLevel.NO_OPT);
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        // A single thread has nothing to spin for; subnormals stay subnormal, as in the engine.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.set_denormal_as_zero", "0");
        return new OnnxRuntimeReference(environment, options);
    }

    /** ORT's version, for the report. */
    String version() {
        return environment.getVersion();
    }

    /** Runs the model on the inputs and returns every graph output by name, in the session's order. */
    Map<String, Tensor> run(byte[] model, Map<String, Tensor> inputs) throws OrtException {
        try (OrtSession session = environment.createSession(model, options)) {
            List<OnnxTensor> feeds = new ArrayList<>();
            try {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                    OnnxTensor t = toOrt(e.getValue());
                    feeds.add(t);
                    feed.put(e.getKey(), t);
                }
                Map<String, Tensor> outputs = new LinkedHashMap<>();
                try (OrtSession.Result result = session.run(feed)) {
                    for (Map.Entry<String, OnnxValue> e : result) {
                        outputs.put(e.getKey(), fromOrt(e.getKey(), e.getValue()));
                    }
                }
                return outputs;
            } finally {
                for (OnnxTensor t : feeds) {
                    t.close();
                }
            }
        }
    }

    private OnnxTensor toOrt(Tensor t) throws OrtException {
        long[] shape = new long[t.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.dim(i);
        }
        return switch (t.dtype()) {
            case FLOAT -> OnnxTensor.createTensor(environment, FloatBuffer.wrap(t.toFloatArray()), shape);
            case INT32 -> OnnxTensor.createTensor(environment, IntBuffer.wrap(t.toIntArray()), shape);
            case INT64 -> OnnxTensor.createTensor(environment, LongBuffer.wrap(t.toLongArray()), shape);
            case UINT8 -> OnnxTensor.createTensor(environment, direct(t.toByteArray()), shape, OnnxJavaType.UINT8);
            case INT8 -> OnnxTensor.createTensor(environment, direct(t.toByteArray()), shape, OnnxJavaType.INT8);
            case BOOL -> OnnxTensor.createTensor(environment, direct(t.toByteArray()), shape, OnnxJavaType.BOOL);
        };
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length)
                .order(ByteOrder.nativeOrder())
                .put(bytes)
                .flip();
    }

    private static Tensor fromOrt(String name, OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new IllegalStateException("ORT output " + name + " is not a tensor: " + value.getInfo());
        }
        TensorInfo info = tensor.getInfo();
        long[] longShape = info.getShape();
        int[] shape = new int[longShape.length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Math.toIntExact(longShape[i]);
        }
        return switch (info.type) {
            case FLOAT -> Tensor.ofFloats(shape, remaining(tensor.getFloatBuffer()));
            case INT32 -> Tensor.ofInts(shape, remaining(tensor.getIntBuffer()));
            case INT64 -> Tensor.ofLongs(shape, remaining(tensor.getLongBuffer()));
            case UINT8 -> Tensor.ofBytes(DType.UINT8, shape, remaining(tensor.getByteBuffer()));
            case INT8 -> Tensor.ofBytes(DType.INT8, shape, remaining(tensor.getByteBuffer()));
            case BOOL -> Tensor.ofBytes(DType.BOOL, shape, remaining(tensor.getByteBuffer()));
            default -> throw new IllegalStateException("ORT output " + name + " has type " + info.type);
        };
    }

    private static float[] remaining(FloatBuffer b) {
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    private static int[] remaining(IntBuffer b) {
        int[] a = new int[b.remaining()];
        b.get(a);
        return a;
    }

    private static long[] remaining(LongBuffer b) {
        long[] a = new long[b.remaining()];
        b.get(a);
        return a;
    }

    private static byte[] remaining(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    @Override
    public void close() throws OrtException {
        options.close();
    }
}
