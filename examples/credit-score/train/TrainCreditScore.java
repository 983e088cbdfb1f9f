// Trains the credit-score example's network and writes its weights as AssemblyScript source.
//
//   java examples/credit-score/train/TrainCreditScore.java [OUTPUT]
//
// run from the repository root; OUTPUT defaults to examples/credit-score/assembly/model.ts. Java 17 or
// newer, no dependencies. The output is the same on every run and every JDK: the data comes from a
// seeded SplittableRandom (only its nextLong, which is SplitMix64 by specification), training is in
// double with a fixed order of operations, and every elementary function is StrictMath's.

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

public final class TrainCreditScore {

    static final long DATA_SEED = 0x5C0_2E_2024L;
    static final long INIT_SEED = 0x1417_2024L;
    static final int TRAIN = 4000;
    static final int TEST = 1000;
    static final int INPUTS = 5;
    static final int HIDDEN = 8;
    static final int EPOCHS = 1500;
    static final double LEARNING_RATE = 0.5;
    static final double MOMENTUM = 0.9;

    static final String[] FEATURES = {"incomeUsd", "debtToIncomeBps", "latePayments", "creditYears", "openLines"};
    static final String DEFAULT_OUTPUT = "examples/credit-score/assembly/model.ts";

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args.length > 0 ? args[0] : DEFAULT_OUTPUT);
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            System.err.println("no directory " + dir + " for " + output
                    + " (run from the repository root, or name the output file)");
            System.exit(2);
        }

        Dataset all = Dataset.generate(new SplittableRandom(DATA_SEED), TRAIN + TEST);
        Dataset train = all.slice(0, TRAIN);
        Dataset test = all.slice(TRAIN, TRAIN + TEST);
        System.out.printf(Locale.ROOT, "synthetic applicants: %d training, %d test; repaid %.1f%% / %.1f%%%n",
                TRAIN, TEST, 100 * train.positiveRate(), 100 * test.positiveRate());

        Standardizer standardizer = Standardizer.fit(train);
        double[][] zTrain = standardizer.apply(train);
        double[][] zTest = standardizer.apply(test);

        Network net = Network.initial(new SplittableRandom(INIT_SEED));
        net.train(zTrain, train.repaid);
        double trainAccuracy = net.accuracy(zTrain, train.repaid);
        double testAccuracy = net.accuracy(zTest, test.repaid);
        Network rounded = net.roundedToFloat();
        double roundedTest = rounded.accuracy(zTest, test.repaid);
        double bayesTest = test.ruleAccuracy();
        System.out.printf(Locale.ROOT, "accuracy: training %.4f, test %.4f, test with f32 weights %.4f"
                + " (the noiseless rule itself scores %.4f on the test set)%n",
                trainAccuracy, testAccuracy, roundedTest, bayesTest);

        String source = ModelSource.write(standardizer, rounded, trainAccuracy, testAccuracy, roundedTest, bayesTest);
        Files.writeString(output, source, StandardCharsets.UTF_8);
        System.out.println("wrote " + output);
    }

    /** Uniform doubles and Gaussians from SplitMix64's nextLong alone, so no JDK version can change them. */
    static final class Source {
        private final SplittableRandom random;

        Source(SplittableRandom random) {
            this.random = random;
        }

        /** Uniform in [0, 1) with 53 random bits. */
        double uniform() {
            return (random.nextLong() >>> 11) * 0x1.0p-53;
        }

        /** Standard normal by Box–Muller (the cosine branch only). */
        double gaussian() {
            double u1 = 1.0 - uniform(); // (0, 1], so the logarithm is finite
            double u2 = uniform();
            return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
        }
    }

    /**
     * Synthetic loan applicants. Each draws a latent "discipline" d ~ N(0, 1) that makes late payments
     * rarer, credit histories longer and debt lower, then:
     *
     * <pre>
     * incomeUsd       = clamp(round(52000 * exp(0.5 * g1)), 5000, 2000000)
     * creditYears     = clamp(round(11 + 7 * g2 + 2 * d), 0, 60)
     * openLines       = clamp(round(3 + 0.2 * creditYears + 2.5 * g3), 0, 40)
     * debtToIncomeBps = clamp(round(3200 + 1300 * g4 - 400 * d), 0, 15000)
     * latePayments    = how many of 24 months are late, each with probability min(0.6, 0.04 * exp(-0.9 * d))
     * </pre>
     *
     * with g1..g4 independent N(0, 1). The label, "repaid", is drawn as Bernoulli(sigmoid(r)) of the rule
     *
     * <pre>
     * r = 0.6 + 1.3 * ln(incomeUsd / 52000) - 4.5 * (debtToIncomeBps / 10000 - 0.32) - 0.6 * latePayments
     *     + 0.05 * (creditYears - 11) - 0.12 * max(0, openLines - 7) - 0.8 * [openLines == 0]
     * </pre>
     *
     * so even a perfect model is wrong on many applicants: the noise is part of the data.
     */
    static final class Dataset {
        final double[][] x;
        final double[] repaid;
        final double[] rule;

        private Dataset(double[][] x, double[] repaid, double[] rule) {
            this.x = x;
            this.repaid = repaid;
            this.rule = rule;
        }

        static Dataset generate(SplittableRandom seeded, int n) {
            Source s = new Source(seeded);
            double[][] x = new double[n][];
            double[] repaid = new double[n];
            double[] rule = new double[n];
            for (int k = 0; k < n; k++) {
                double d = s.gaussian();
                double income = clamp(StrictMath.rint(52000 * StrictMath.exp(0.5 * s.gaussian())), 5000, 2_000_000);
                double years = clamp(StrictMath.rint(11 + 7 * s.gaussian() + 2 * d), 0, 60);
                double lines = clamp(StrictMath.rint(3 + 0.2 * years + 2.5 * s.gaussian()), 0, 40);
                double dti = clamp(StrictMath.rint(3200 + 1300 * s.gaussian() - 400 * d), 0, 15000);
                double lateProbability = Math.min(0.6, 0.04 * StrictMath.exp(-0.9 * d));
                int late = 0;
                for (int month = 0; month < 24; month++) {
                    if (s.uniform() < lateProbability) {
                        late++;
                    }
                }
                double r = 0.6
                        + 1.3 * StrictMath.log(income / 52000)
                        - 4.5 * (dti / 10000 - 0.32)
                        - 0.6 * late
                        + 0.05 * (years - 11)
                        - 0.12 * Math.max(0, lines - 7)
                        - (lines == 0 ? 0.8 : 0);
                x[k] = new double[] {income, dti, late, years, lines};
                rule[k] = r;
                repaid[k] = s.uniform() < sigmoid(r) ? 1 : 0;
            }
            return new Dataset(x, repaid, rule);
        }

        Dataset slice(int from, int to) {
            double[][] xs = new double[to - from][];
            double[] ys = new double[to - from];
            double[] rs = new double[to - from];
            for (int k = from; k < to; k++) {
                xs[k - from] = x[k];
                ys[k - from] = repaid[k];
                rs[k - from] = rule[k];
            }
            return new Dataset(xs, ys, rs);
        }

        int size() {
            return x.length;
        }

        double positiveRate() {
            double sum = 0;
            for (double y : repaid) {
                sum += y;
            }
            return sum / size();
        }

        /** The accuracy of predicting "repaid" exactly when the noiseless rule is positive. */
        double ruleAccuracy() {
            int right = 0;
            for (int k = 0; k < size(); k++) {
                if ((rule[k] >= 0) == (repaid[k] == 1)) {
                    right++;
                }
            }
            return (double) right / size();
        }
    }

    /**
     * Feature standardization with f32 constants, applied in f32 exactly as the contract does:
     * {@code z = (x - mean) * scale}, {@code scale = 1 / std}. Training sees these very inputs.
     */
    record Standardizer(float[] mean, float[] scale) {
        static Standardizer fit(Dataset data) {
            float[] mean = new float[INPUTS];
            float[] scale = new float[INPUTS];
            for (int i = 0; i < INPUTS; i++) {
                double sum = 0;
                for (double[] row : data.x) {
                    sum += row[i];
                }
                double m = sum / data.size();
                double squares = 0;
                for (double[] row : data.x) {
                    squares += (row[i] - m) * (row[i] - m);
                }
                mean[i] = (float) m;
                scale[i] = (float) (1.0 / StrictMath.sqrt(squares / data.size()));
            }
            return new Standardizer(mean, scale);
        }

        double[][] apply(Dataset data) {
            double[][] z = new double[data.size()][INPUTS];
            for (int k = 0; k < data.size(); k++) {
                for (int i = 0; i < INPUTS; i++) {
                    float x = (float) data.x[k][i]; // exact: every feature is an integer below 2^24
                    z[k][i] = (x - mean[i]) * scale[i];
                }
            }
            return z;
        }
    }

    /** INPUTS → HIDDEN (ReLU) → 1 (logistic), trained on the mean binary cross-entropy. */
    static final class Network {
        final double[][] w1 = new double[HIDDEN][INPUTS];
        final double[] b1 = new double[HIDDEN];
        final double[] w2 = new double[HIDDEN];
        double b2;

        /** He initialization for the ReLU layer, Glorot-sized for the output; biases start at zero. */
        static Network initial(SplittableRandom seeded) {
            Source s = new Source(seeded);
            Network net = new Network();
            for (int j = 0; j < HIDDEN; j++) {
                for (int i = 0; i < INPUTS; i++) {
                    net.w1[j][i] = s.gaussian() * StrictMath.sqrt(2.0 / INPUTS);
                }
            }
            for (int j = 0; j < HIDDEN; j++) {
                net.w2[j] = s.gaussian() * StrictMath.sqrt(1.0 / HIDDEN);
            }
            return net;
        }

        double logit(double[] z, double[] hidden) {
            double out = b2;
            for (int j = 0; j < HIDDEN; j++) {
                double a = b1[j];
                for (int i = 0; i < INPUTS; i++) {
                    a += w1[j][i] * z[i];
                }
                hidden[j] = Math.max(0, a);
                out += w2[j] * hidden[j];
            }
            return out;
        }

        /** Full-batch gradient descent with momentum, applicants in order, so the sums never reorder. */
        void train(double[][] z, double[] y) {
            double[][] v1 = new double[HIDDEN][INPUTS];
            double[] vb1 = new double[HIDDEN];
            double[] v2 = new double[HIDDEN];
            double vb2 = 0;
            double[] hidden = new double[HIDDEN];
            int n = z.length;
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                double[][] g1 = new double[HIDDEN][INPUTS];
                double[] gb1 = new double[HIDDEN];
                double[] g2 = new double[HIDDEN];
                double gb2 = 0;
                double loss = 0;
                for (int k = 0; k < n; k++) {
                    double t = logit(z[k], hidden);
                    double p = sigmoid(t);
                    loss += y[k] == 1 ? -logSigmoid(t) : -logSigmoid(-t);
                    double dt = (p - y[k]) / n;
                    gb2 += dt;
                    for (int j = 0; j < HIDDEN; j++) {
                        g2[j] += dt * hidden[j];
                        if (hidden[j] > 0) {
                            double dh = dt * w2[j];
                            gb1[j] += dh;
                            for (int i = 0; i < INPUTS; i++) {
                                g1[j][i] += dh * z[k][i];
                            }
                        }
                    }
                }
                for (int j = 0; j < HIDDEN; j++) {
                    for (int i = 0; i < INPUTS; i++) {
                        v1[j][i] = MOMENTUM * v1[j][i] - LEARNING_RATE * g1[j][i];
                        w1[j][i] += v1[j][i];
                    }
                    vb1[j] = MOMENTUM * vb1[j] - LEARNING_RATE * gb1[j];
                    b1[j] += vb1[j];
                    v2[j] = MOMENTUM * v2[j] - LEARNING_RATE * g2[j];
                    w2[j] += v2[j];
                }
                vb2 = MOMENTUM * vb2 - LEARNING_RATE * gb2;
                b2 += vb2;
                if (epoch == 1 || epoch % 500 == 0) {
                    System.out.printf(Locale.ROOT, "epoch %4d  loss %.6f  training accuracy %.4f%n",
                            epoch, loss / n, accuracy(z, y));
                }
            }
        }

        double accuracy(double[][] z, double[] y) {
            double[] hidden = new double[HIDDEN];
            int right = 0;
            for (int k = 0; k < z.length; k++) {
                if ((logit(z[k], hidden) >= 0) == (y[k] == 1)) {
                    right++;
                }
            }
            return (double) right / z.length;
        }

        /** The same network with every parameter rounded to the nearest f32, as the contract holds it. */
        Network roundedToFloat() {
            Network r = new Network();
            for (int j = 0; j < HIDDEN; j++) {
                for (int i = 0; i < INPUTS; i++) {
                    r.w1[j][i] = (float) w1[j][i];
                }
                r.b1[j] = (float) b1[j];
                r.w2[j] = (float) w2[j];
            }
            r.b2 = (float) b2;
            return r;
        }
    }

    /** The AssemblyScript source of the weights. */
    static final class ModelSource {
        static String write(
                Standardizer std, Network net, double trainAccuracy, double testAccuracy, double roundedTest, double rule) {
            StringBuilder out = new StringBuilder();
            out.append("// GENERATED by examples/credit-score/train/TrainCreditScore.java. Do not edit: rerun it from\n");
            out.append("// the repository root with `java examples/credit-score/train/TrainCreditScore.java`.\n");
            out.append("//\n");
            out.append(String.format(Locale.ROOT,
                    "// Synthetic data (seed 0x%x), %d training and %d test applicants; a %d-%d-1 network (ReLU, then\n",
                    DATA_SEED, TRAIN, TEST, INPUTS, HIDDEN));
            out.append(String.format(Locale.ROOT,
                    "// logistic) trained by %d epochs of full-batch gradient descent. Accuracy in double: training\n",
                    EPOCHS));
            out.append(String.format(Locale.ROOT,
                    "// %.4f, test %.4f; test with these f32 weights %.4f; the data's noiseless rule scores %.4f.\n",
                    trainAccuracy, testAccuracy, roundedTest, rule));
            out.append("//\n");
            out.append("// Each number is an f32 written as its exact decimal value, so the compiler cannot round it\n");
            out.append("// differently; the comment gives its bits, which the VM's tests read.\n\n");
            out.append("export const INPUTS = ").append(INPUTS).append(";\n");
            out.append("export const HIDDEN = ").append(HIDDEN).append(";\n\n");

            out.append("/** Standardization, in input order: z[i] = (x[i] - FEATURE_MEAN[i]) * FEATURE_SCALE[i]. */\n");
            array(out, "FEATURE_MEAN", std.mean(), FEATURES);
            array(out, "FEATURE_SCALE", std.scale(), FEATURES);

            out.append("/** Hidden layer weights: W1[j * INPUTS + i] connects input i to hidden unit j. */\n");
            float[] w1 = new float[HIDDEN * INPUTS];
            String[] w1Names = new String[HIDDEN * INPUTS];
            for (int j = 0; j < HIDDEN; j++) {
                for (int i = 0; i < INPUTS; i++) {
                    w1[j * INPUTS + i] = (float) net.w1[j][i];
                    w1Names[j * INPUTS + i] = "h" + j + " <- " + FEATURES[i];
                }
            }
            array(out, "W1", w1, w1Names);

            float[] b1 = new float[HIDDEN];
            float[] w2 = new float[HIDDEN];
            String[] units = new String[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                b1[j] = (float) net.b1[j];
                w2[j] = (float) net.w2[j];
                units[j] = "h" + j;
            }
            out.append("/** Hidden layer biases. */\n");
            array(out, "B1", b1, units);
            out.append("/** Output weights: the logit is B2 + sum over j of W2[j] * relu(h[j]). */\n");
            array(out, "W2", w2, units);
            float b2 = (float) net.b2;
            out.append("export const B2: f32 = ").append(literal(b2)).append("; // ").append(bits(b2)).append('\n');
            return out.toString();
        }

        private static void array(StringBuilder out, String name, float[] values, String[] names) {
            out.append("export const ").append(name).append(": StaticArray<f32> = [\n");
            for (int k = 0; k < values.length; k++) {
                out.append("  ").append(literal(values[k])).append(", // ").append(bits(values[k]));
                out.append(' ').append(names[k]).append('\n');
            }
            out.append("];\n\n");
        }

        /** The exact decimal value of {@code f}, always with a point so it reads as a float literal. */
        static String literal(float f) {
            if (!Float.isFinite(f)) {
                throw new IllegalStateException("a non-finite parameter: " + f);
            }
            if (f == 0) {
                return Float.floatToRawIntBits(f) == 0 ? "0.0" : "-0.0";
            }
            String text = new BigDecimal(f).toPlainString();
            return text.contains(".") ? text : text + ".0";
        }

        static String bits(float f) {
            return String.format(Locale.ROOT, "0x%08x", Float.floatToRawIntBits(f));
        }
    }

    static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + StrictMath.exp(-t)) : StrictMath.exp(t) / (1 + StrictMath.exp(t));
    }

    /** log(sigmoid(t)) without overflow. */
    static double logSigmoid(double t) {
        return t >= 0 ? -StrictMath.log1p(StrictMath.exp(-t)) : t - StrictMath.log1p(StrictMath.exp(t));
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
