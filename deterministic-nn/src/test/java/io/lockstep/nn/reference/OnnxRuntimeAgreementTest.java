package io.lockstep.nn.reference;

import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnException;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.determinism.GoldenModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ONNX Runtime as a second reference: seeded random models of every family ({@link ModelFamily}) run in
 * the engine and in ORT (one thread, graph optimizations off) must agree within each output's
 * {@link Tolerance}. Skipped when ORT's native library does not load on this machine.
 *
 * <p>The models are a function of one seed, {@value #DEFAULT_SEED} unless {@code -Dlockstep.seed=N}
 * gives another; {@code -Dlockstep.ort.models=N} draws N models per family. A failing model prints
 * {@code -Dlockstep.ort.replay=family:seed}, which reruns that model alone, and is written to
 * {@code target/onnxruntime-failures/}. The statistics per family go to stdout and
 * {@code target/onnxruntime-agreement.txt}.
 */
class OnnxRuntimeAgreementTest {
    static final long DEFAULT_SEED = 20261124L;

    private static final Path REPORT = Path.of("target", "onnxruntime-agreement.txt");
    private static final Path FAILURES = Path.of("target", "onnxruntime-failures");

    private static OnnxRuntimeReference ort;
    private static final AgreementStatistics STATISTICS = new AgreementStatistics();

    @BeforeAll
    static void loadOnnxRuntime() {
        try {
            ort = OnnxRuntimeReference.open();
        } catch (LinkageError | Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            Assumptions.abort("ONNX Runtime's native library did not load on this machine (" + cause
                    + "); the comparison with ONNX Runtime is skipped");
        }
    }

    @AfterAll
    static void report() throws Exception {
        if (ort == null) {
            return;
        }
        String report = "Engine vs ONNX Runtime " + ort.version() + " (1 thread, no graph optimizations)\n"
                + STATISTICS.report();
        System.out.print(report);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report);
        ort.close();
    }

    @TestFactory
    Stream<DynamicTest> generatedModelsAgreeWithOnnxRuntime() {
        String replay = System.getProperty("lockstep.ort.replay", "");
        if (!replay.isBlank()) {
            String[] parts = replay.split(":");
            ModelFamily family = ModelFamily.ofLabel(parts[0]);
            long seed = Long.parseLong(parts[1]);
            return Stream.of(DynamicTest.dynamicTest(family.label() + " seed " + seed, () -> check(family, seed)));
        }
        long base = Long.getLong("lockstep.seed", DEFAULT_SEED);
        Integer count = Integer.getInteger("lockstep.ort.models");
        System.out.println("OnnxRuntimeAgreementTest seed=" + base + " (rerun with -Dlockstep.seed=" + base + ")");
        List<DynamicTest> tests = new ArrayList<>();
        for (ModelFamily family : ModelFamily.values()) {
            SplittableRandom seeds = new SplittableRandom(base ^ (family.label().hashCode() * 0x9e3779b97f4a7c15L));
            int n = count != null ? count : family.defaultCount();
            for (int i = 0; i < n; i++) {
                long seed = seeds.nextLong();
                tests.add(DynamicTest.dynamicTest(
                        family.label() + " #" + i + " seed " + seed, () -> check(family, seed)));
            }
        }
        return tests.stream();
    }

    /**
     * The golden models of {@link GoldenModels} compute what ORT computes, so that their hashes pin
     * right answers. Their inputs hold NaN and infinities on purpose; here those are replaced by 0,
     * because ORT's QuantizeLinear sends NaN to the type's minimum and +inf to the minimum or the
     * maximum depending on where it sits in the vector loop (the engine: NaN to the zero point, +inf
     * to the maximum). The float models agree with ORT on the non-finite inputs as well.
     */
    @TestFactory
    Stream<DynamicTest> goldenModelsAgreeWithOnnxRuntime() {
        return GoldenModels.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> checkGolden(c)));
    }

    private static void checkGolden(GoldenModels.Case golden) throws Exception {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        golden.inputs().forEach((name, t) -> inputs.put(name, finite(t)));
        Map<String, Tensor> ours = golden.model().run(inputs).outputs();
        Map<String, Tensor> theirs = ort.run(golden.bytes(), inputs);
        STATISTICS.countModel("golden " + golden.name(), 0);
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, Tensor> e : ours.entrySet()) {
            Tolerance tolerance = GOLDEN_TOLERANCES.getOrDefault(
                    golden.name() + "/" + e.getKey(),
                    e.getValue().dtype() == DType.FLOAT ? Tolerance.base() : Tolerance.exact());
            String mismatch = STATISTICS.compare(
                    "golden " + golden.name(),
                    golden.name(),
                    e.getKey(),
                    e.getValue(),
                    theirs.get(e.getKey()),
                    tolerance);
            if (mismatch != null) {
                failures.append("\n  ").append(mismatch);
            }
        }
        if (failures.length() > 0) {
            fail("golden model " + golden.name() + failures);
        }
    }

    /** The requantized outputs of the golden int8 model, and what they dequantize to (y_scale 0.11, 0.07). */
    private static final Map<String, Tolerance> GOLDEN_TOLERANCES = Map.of(
            "quantized/yq", QuantizedGenerator.requantized(),
            "quantized/oq", QuantizedGenerator.requantized(),
            "quantized/y", QuantizedGenerator.dequantized(0.11f),
            "quantized/features", QuantizedGenerator.dequantized(0.07f));

    private static Tensor finite(Tensor t) {
        if (t.dtype() != DType.FLOAT) {
            return t;
        }
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                v[i] = 0;
            }
        }
        return Tensor.ofFloats(t.shape(), v);
    }

    private static void check(ModelFamily family, long seed) throws Exception {
        GeneratedModel model = family.generate(seed);
        String which = family.label() + " seed " + seed + ": " + model.description()
                + "\n  replay: -Dlockstep.ort.replay=" + family.label() + ":" + seed;
        Map<String, Tensor> ours;
        try {
            ours = PreparedModel.prepare(OnnxModel.parse(model.bytes()))
                    .run(model.inputs())
                    .outputs();
        } catch (NnException e) {
            save(family, seed, model);
            throw new AssertionError("the engine refused " + which + "\n  " + e.getMessage(), e);
        }
        Map<String, Tensor> theirs;
        try {
            theirs = ort.run(model.bytes(), model.inputs());
        } catch (ai.onnxruntime.OrtException e) {
            save(family, seed, model);
            throw new AssertionError("ONNX Runtime refused " + which + "\n  " + e.getMessage(), e);
        }
        STATISTICS.countModel(family.label(), model.roundingSteps());
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, Tolerance> e : model.tolerances().entrySet()) {
            String name = e.getKey();
            String mismatch = STATISTICS.compare(
                    family.label(), family.label() + ":" + seed, name, ours.get(name), theirs.get(name), e.getValue());
            if (mismatch != null) {
                failures.append("\n  ").append(mismatch);
            }
        }
        if (failures.length() > 0) {
            save(family, seed, model);
            fail(which + failures);
        }
    }

    private static void save(ModelFamily family, long seed, GeneratedModel model) throws IOException {
        Files.createDirectories(FAILURES);
        Files.write(FAILURES.resolve(family.label() + "-" + seed + ".onnx"), model.bytes());
    }
}
