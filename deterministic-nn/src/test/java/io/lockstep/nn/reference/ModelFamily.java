package io.lockstep.nn.reference;

import java.util.Locale;
import java.util.function.LongFunction;

/** The generated model families and how many of each the default test run draws. */
enum ModelFamily {
    MLP(MlpGenerator::generate, 30),
    CNN(CnnGenerator::generate, 30),
    TRANSFORMER(TransformerGenerator::generate, 20),
    QLINEAR_MATMUL(QuantizedGenerator::qlinearMatMul, 20),
    QLINEAR_CONV(QuantizedGenerator::qlinearConv, 20),
    INTEGER_PRODUCT(QuantizedGenerator::integerProduct, 15),
    DYNAMIC_QUANTIZATION(QuantizedGenerator::dynamicQuantization, 15);

    private final LongFunction<GeneratedModel> generator;
    private final int defaultCount;

    ModelFamily(LongFunction<GeneratedModel> generator, int defaultCount) {
        this.generator = generator;
        this.defaultCount = defaultCount;
    }

    GeneratedModel generate(long seed) {
        return generator.apply(seed);
    }

    int defaultCount() {
        return defaultCount;
    }

    /** The name used in reports and in {@code -Dlockstep.ort.replay=name:seed}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ModelFamily ofLabel(String label) {
        for (ModelFamily f : values()) {
            if (f.label().equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no model family '" + label + "'");
    }
}
