import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the Iris classifier of examples/iris-classifier and writes it as ONNX, reproducibly: the same
 * bytes on every run, machine and JDK (17 or newer). Run from the repository root:
 *
 * <pre>
 * java examples/iris-classifier/train/TrainIris.java [--data CSV] [--out FILE]
 * </pre>
 *
 * <p>The model is a 4-8-3 perceptron, {@code logits = Gemm(Relu(Gemm(features, W1, b1)), W2, b2)}, on
 * measurements in centimetres. It is trained on a stratified split of 40 rows per species (the other 10
 * per species are held out) by full-batch gradient descent with momentum on the mean cross-entropy, for a
 * fixed number of epochs. Why it is reproducible: every random number comes from one seeded
 * {@link SplittableRandom} (its {@code nextLong} only, whose algorithm the JDK specifies), all training
 * arithmetic is in {@code double} in a fixed order (Java's floating point is strict since 17),
 * exponentials and logarithms are {@link StrictMath}'s, and the ONNX bytes are written by the small
 * protobuf writer below, fields in a fixed order. The standardization of the inputs (mean and deviation
 * of the training rows) is folded into the first layer, so the model takes raw centimetres.
 *
 * <p>The accuracy printed last is that of the written f32 model, computed with the arithmetic of
 * Lockstep's inference engine (kernel set nn-2: each Gemm sum a chain of float fused multiply-adds in
 * ascending order from +0, then the bias added in float; argmax ties go to the lowest index), on inputs
 * {@code (float) millimetres / 10f}, which is how the contract forms them.
 */
public final class TrainIris {

    static final long SEED = 20240601L;
    static final int HIDDEN = 8;
    static final int EPOCHS = 3000;
    static final double LEARNING_RATE = 0.05;
    static final double MOMENTUM = 0.9;
    static final int PROGRESS_EVERY = 500;
    static final int HELD_OUT_PER_CLASS = 10;
    static final String[] SPECIES = {"setosa", "versicolor", "virginica"};
    static final int FEATURES = 4;
    static final int CLASSES = 3;

    /** One row: the four measurements in millimetres (exact integers) and the species index. */
    record Row(int[] mm, int label) {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of("examples/iris-classifier/data/iris.csv");
        Path out = Path.of("examples/iris-classifier/model/iris.onnx");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (!Files.isRegularFile(data)) {
            usage(data + " not found: run from the repository root or pass --data");
        }
        List<Row> rows = read(data);
        if (rows.size() != 150) {
            throw new IllegalStateException("expected 150 rows, read " + rows.size());
        }

        SplittableRandom random = new SplittableRandom(SEED);
        boolean[] heldOut = split(rows, random);
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (heldOut[i] ? test : train).add(rows.get(i));
        }

        Network net = Network.initialized(random);
        double[] mean = new double[FEATURES];
        double[] deviation = new double[FEATURES];
        standardization(train, mean, deviation);
        double[][] x = standardized(train, mean, deviation);
        int[] y = train.stream().mapToInt(Row::label).toArray();

        System.out.printf(
                "Iris: %d rows, training on %d, holding out %d; 4-%d-3 MLP, seed %d, %d epochs%n",
                rows.size(), train.size(), test.size(), HIDDEN, SEED, EPOCHS);
        Network velocity = Network.zero();
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            Network gradient = Network.zero();
            double loss = net.lossAndGradient(x, y, gradient);
            velocity.scaleAndAdd(MOMENTUM, -LEARNING_RATE, gradient);
            net.add(velocity);
            if (epoch % PROGRESS_EVERY == 0 || epoch == 1) {
                System.out.printf(
                        "epoch %4d  loss %.6f  training accuracy %d/%d%n",
                        epoch, loss, net.correct(x, y), train.size());
            }
        }

        Exported model = Exported.fold(net, mean, deviation);
        byte[] onnx = model.onnx();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, onnx);

        System.out.printf("f32 model on training rows: %d/%d%n", model.correct(train), train.size());
        System.out.printf("f32 model on held-out rows: %d/%d%n", model.correct(test), test.size());
        System.out.printf("wrote %s (%d bytes, sha256 %s)%n", out, onnx.length, sha256(onnx));
        System.out.printf("accuracy (f32 model, all rows): %d/%d%n", model.correct(rows), rows.size());
    }

    // ---- data ----

    static List<Row> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != FEATURES + 1) {
                throw new IllegalArgumentException("bad row: " + line);
            }
            int[] mm = new int[FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                mm[f] = millimetres(cells[f]);
            }
            rows.add(new Row(mm, species(cells[FEATURES])));
        }
        return rows;
    }

    /** "5.1" (centimetres, one decimal) as 51, exactly, without going through a binary fraction. */
    static int millimetres(String cm) {
        int dot = cm.indexOf('.');
        if (dot < 1 || dot != cm.length() - 2) {
            throw new IllegalArgumentException("expected centimetres with one decimal: " + cm);
        }
        return Integer.parseInt(cm.substring(0, dot)) * 10 + Integer.parseInt(cm.substring(dot + 1));
    }

    static int species(String name) {
        for (int i = 0; i < SPECIES.length; i++) {
            if (SPECIES[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown species " + name);
    }

    /** Marks HELD_OUT_PER_CLASS rows of each species, chosen by a seeded shuffle, as held out. */
    static boolean[] split(List<Row> rows, SplittableRandom random) {
        boolean[] heldOut = new boolean[rows.size()];
        for (int c = 0; c < CLASSES; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).label() == c) {
                    members.add(i);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = below(random, i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            for (int k = 0; k < HELD_OUT_PER_CLASS; k++) {
                heldOut[members.get(k)] = true;
            }
        }
        return heldOut;
    }

    /** A number in [0, bound) from the top 53 bits of nextLong, by multiplication. */
    static int below(SplittableRandom random, int bound) {
        return (int) (((random.nextLong() >>> 11) * bound) >>> 53);
    }

    /** A double in [-1, 1) from the top 53 bits of nextLong. */
    static double symmetric(SplittableRandom random) {
        return (random.nextLong() >>> 11) * 0x1.0p-52 - 1.0;
    }

    static void standardization(List<Row> rows, double[] mean, double[] deviation) {
        for (int f = 0; f < FEATURES; f++) {
            double sum = 0;
            for (Row row : rows) {
                sum += row.mm()[f] / 10.0;
            }
            mean[f] = sum / rows.size();
            double squares = 0;
            for (Row row : rows) {
                double d = row.mm()[f] / 10.0 - mean[f];
                squares += d * d;
            }
            deviation[f] = Math.sqrt(squares / rows.size());
        }
    }

    static double[][] standardized(List<Row> rows, double[] mean, double[] deviation) {
        double[][] x = new double[rows.size()][FEATURES];
        for (int i = 0; i < rows.size(); i++) {
            for (int f = 0; f < FEATURES; f++) {
                x[i][f] = (rows.get(i).mm()[f] / 10.0 - mean[f]) / deviation[f];
            }
        }
        return x;
    }

    // ---- training, in double ----

    /** Weights laid out as ONNX Gemm's B operand: w1[in][hidden], w2[hidden][class]. */
    static final class Network {
        final double[][] w1 = new double[FEATURES][HIDDEN];
        final double[] b1 = new double[HIDDEN];
        final double[][] w2 = new double[HIDDEN][CLASSES];
        final double[] b2 = new double[CLASSES];

        static Network zero() {
            return new Network();
        }

        /** Uniform weights scaled by sqrt(6 / fan-in) (He), zero biases. */
        static Network initialized(SplittableRandom random) {
            Network net = new Network();
            double limit1 = Math.sqrt(6.0 / FEATURES);
            for (int k = 0; k < FEATURES; k++) {
                for (int j = 0; j < HIDDEN; j++) {
                    net.w1[k][j] = limit1 * symmetric(random);
                }
            }
            double limit2 = Math.sqrt(6.0 / HIDDEN);
            for (int k = 0; k < HIDDEN; k++) {
                for (int j = 0; j < CLASSES; j++) {
                    net.w2[k][j] = limit2 * symmetric(random);
                }
            }
            return net;
        }

        double[] hidden(double[] x) {
            double[] h = new double[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                double s = b1[j];
                for (int k = 0; k < FEATURES; k++) {
                    s += x[k] * w1[k][j];
                }
                h[j] = s > 0 ? s : 0;
            }
            return h;
        }

        double[] logits(double[] h) {
            double[] z = new double[CLASSES];
            for (int j = 0; j < CLASSES; j++) {
                double s = b2[j];
                for (int k = 0; k < HIDDEN; k++) {
                    s += h[k] * w2[k][j];
                }
                z[j] = s;
            }
            return z;
        }

        /** Mean cross-entropy over the rows; adds its gradient to {@code g}. */
        double lossAndGradient(double[][] x, int[] y, Network g) {
            double loss = 0;
            double n = x.length;
            for (int i = 0; i < x.length; i++) {
                double[] h = hidden(x[i]);
                double[] z = logits(h);
                double max = z[0];
                for (int j = 1; j < CLASSES; j++) {
                    max = Math.max(max, z[j]);
                }
                double[] e = new double[CLASSES];
                double sum = 0;
                for (int j = 0; j < CLASSES; j++) {
                    e[j] = StrictMath.exp(z[j] - max);
                    sum += e[j];
                }
                loss += max + StrictMath.log(sum) - z[y[i]];
                double[] dz = new double[CLASSES];
                for (int j = 0; j < CLASSES; j++) {
                    dz[j] = (e[j] / sum - (j == y[i] ? 1 : 0)) / n;
                    g.b2[j] += dz[j];
                    for (int k = 0; k < HIDDEN; k++) {
                        g.w2[k][j] += h[k] * dz[j];
                    }
                }
                for (int k = 0; k < HIDDEN; k++) {
                    if (h[k] <= 0) {
                        continue;
                    }
                    double dh = 0;
                    for (int j = 0; j < CLASSES; j++) {
                        dh += w2[k][j] * dz[j];
                    }
                    g.b1[k] += dh;
                    for (int f = 0; f < FEATURES; f++) {
                        g.w1[f][k] += x[i][f] * dh;
                    }
                }
            }
            return loss / n;
        }

        int correct(double[][] x, int[] y) {
            int correct = 0;
            for (int i = 0; i < x.length; i++) {
                double[] z = logits(hidden(x[i]));
                int best = 0;
                for (int j = 1; j < CLASSES; j++) {
                    if (z[j] > z[best]) {
                        best = j;
                    }
                }
                correct += best == y[i] ? 1 : 0;
            }
            return correct;
        }

        /** this = momentum * this + rate * g, the velocity update. */
        void scaleAndAdd(double momentum, double rate, Network g) {
            for (int k = 0; k < FEATURES; k++) {
                for (int j = 0; j < HIDDEN; j++) {
                    w1[k][j] = momentum * w1[k][j] + rate * g.w1[k][j];
                }
            }
            for (int j = 0; j < HIDDEN; j++) {
                b1[j] = momentum * b1[j] + rate * g.b1[j];
                for (int c = 0; c < CLASSES; c++) {
                    w2[j][c] = momentum * w2[j][c] + rate * g.w2[j][c];
                }
            }
            for (int c = 0; c < CLASSES; c++) {
                b2[c] = momentum * b2[c] + rate * g.b2[c];
            }
        }

        void add(Network v) {
            scaleAndAdd(1.0, 1.0, v);
        }
    }

    // ---- the exported f32 model ----

    record Exported(float[] w1, float[] b1, float[] w2, float[] b2) {

        /**
         * Folds x' = (x - mean) / deviation into the first layer: W1'[k][j] = W1[k][j] / deviation[k] and
         * b1'[j] = b1[j] - sum over k of W1[k][j] * mean[k] / deviation[k], in double, then rounds to float.
         */
        static Exported fold(Network net, double[] mean, double[] deviation) {
            float[] w1 = new float[FEATURES * HIDDEN];
            float[] b1 = new float[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                double bias = net.b1[j];
                for (int k = 0; k < FEATURES; k++) {
                    double w = net.w1[k][j] / deviation[k];
                    w1[k * HIDDEN + j] = (float) w;
                    bias -= w * mean[k];
                }
                b1[j] = (float) bias;
            }
            float[] w2 = new float[HIDDEN * CLASSES];
            for (int k = 0; k < HIDDEN; k++) {
                for (int j = 0; j < CLASSES; j++) {
                    w2[k * CLASSES + j] = (float) net.w2[k][j];
                }
            }
            float[] b2 = new float[CLASSES];
            for (int j = 0; j < CLASSES; j++) {
                b2[j] = (float) net.b2[j];
            }
            return new Exported(w1, b1, w2, b2);
        }

        /** Gemm as the engine computes it: a float fma chain over ascending k from +0, then + bias. */
        static float[] gemm(float[] x, float[] w, float[] b, int in, int out) {
            float[] y = new float[out];
            for (int j = 0; j < out; j++) {
                float acc = 0.0f;
                for (int k = 0; k < in; k++) {
                    acc = Math.fma(x[k], w[k * out + j], acc);
                }
                y[j] = acc + b[j];
            }
            return y;
        }

        float[] logits(int[] mm) {
            float[] x = new float[FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                x[f] = (float) mm[f] / 10f;
            }
            float[] h = gemm(x, w1, b1, FEATURES, HIDDEN);
            for (int j = 0; j < HIDDEN; j++) {
                h[j] = h[j] < 0 ? 0f : h[j];
            }
            return gemm(h, w2, b2, HIDDEN, CLASSES);
        }

        /** The index of the largest logit, the lowest on ties. */
        static int argmax(float[] z) {
            int best = 0;
            for (int j = 1; j < z.length; j++) {
                if (z[j] > z[best]) {
                    best = j;
                }
            }
            return best;
        }

        int correct(List<Row> rows) {
            int correct = 0;
            for (Row row : rows) {
                correct += argmax(logits(row.mm())) == row.label() ? 1 : 0;
            }
            return correct;
        }

        byte[] onnx() {
            Proto graph = new Proto()
                    .message(1, gemmNode("fc1", "features", "fc1.weight", "fc1.bias", "fc1.out"))
                    .message(1, new Proto()
                            .string(1, "fc1.out")
                            .string(2, "hidden")
                            .string(3, "relu1")
                            .string(4, "Relu"))
                    .message(1, gemmNode("fc2", "hidden", "fc2.weight", "fc2.bias", "logits"))
                    .string(2, "iris-mlp")
                    .message(5, tensor("fc1.weight", w1, FEATURES, HIDDEN))
                    .message(5, tensor("fc1.bias", b1, HIDDEN))
                    .message(5, tensor("fc2.weight", w2, HIDDEN, CLASSES))
                    .message(5, tensor("fc2.bias", b2, CLASSES))
                    .message(11, floatValue("features", 1, FEATURES))
                    .message(12, floatValue("logits", 1, CLASSES));
            return new Proto()
                    .varint(1, 7) // ir_version 7: the IR of opset 13
                    .string(2, "lockstep-examples")
                    .string(3, "1")
                    .string(
                            6,
                            "Iris species from sepal and petal length and width in cm: logits for setosa,"
                                    + " versicolor, virginica. Trained by examples/iris-classifier/train/TrainIris.java.")
                    .message(7, graph)
                    .message(8, new Proto().string(1, "").varint(2, 13))
                    .bytes();
        }

        static Proto gemmNode(String name, String a, String b, String c, String y) {
            return new Proto()
                    .string(1, a)
                    .string(1, b)
                    .string(1, c)
                    .string(2, y)
                    .string(3, name)
                    .string(4, "Gemm");
        }

        /** A FLOAT TensorProto with its elements as little-endian raw_data. */
        static Proto tensor(String name, float[] values, int... dims) {
            Proto tensor = new Proto();
            for (int d : dims) {
                tensor.varint(1, d);
            }
            byte[] raw = new byte[4 * values.length];
            for (int i = 0; i < values.length; i++) {
                int bits = Float.floatToRawIntBits(values[i]);
                for (int b = 0; b < 4; b++) {
                    raw[4 * i + b] = (byte) (bits >>> (8 * b));
                }
            }
            return tensor.varint(2, 1).string(8, name).bytes(9, raw);
        }

        /** A ValueInfoProto of a FLOAT tensor with fixed dims. */
        static Proto floatValue(String name, int... dims) {
            Proto shape = new Proto();
            for (int d : dims) {
                shape.message(1, new Proto().varint(1, d));
            }
            Proto tensorType = new Proto().varint(1, 1).message(2, shape);
            return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
        }
    }

    /** Just enough protobuf: varint and length-delimited fields, written in the order they are added. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }

    // ---- command line ----

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static void usage(String problem) {
        System.err.println("TrainIris: " + problem);
        System.err.println("usage: java examples/iris-classifier/train/TrainIris.java [--data CSV] [--out FILE]");
        System.exit(2);
    }
}
