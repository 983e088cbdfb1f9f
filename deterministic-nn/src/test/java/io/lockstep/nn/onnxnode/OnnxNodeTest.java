package io.lockstep.nn.onnxnode;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.nn.NnException;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.OnnxNode;
import io.lockstep.nn.OpsetImport;
import io.lockstep.nn.internal.kernel.StandardOperators;
import io.lockstep.nn.internal.operator.OperatorRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ONNX backend node tests ({@code ${lockstep.testdata}/onnx-node/node/test_*}) for every operator
 * the engine claims. A folder is claimed when every node in its model is an operator we register (in
 * any opset version). Each claimed folder passes or is listed with its reason in
 * {@code onnx-node-skips.txt}; a listed folder that passes fails the test, so the list stays true.
 * Writes {@code target/onnx-node-report.txt}.
 */
class OnnxNodeTest {
    private static final Path REPORT = Path.of("target", "onnx-node-report.txt");

    /** Folder -> outcome, for the report. */
    private static final Map<String, Result> RESULTS = new ConcurrentSkipListMap<>();

    private record Result(String subject, String outcome, String detail) {}

    @TestFactory
    Stream<DynamicTest> nodeTests() throws IOException {
        Path root = testDataRoot();
        Map<String, String> skips = readSkips();
        OperatorRegistry registry = StandardOperators.registry();
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> claimed = new TreeSet<>();
        List<Path> folders;
        try (Stream<Path> list = Files.list(root)) {
            folders = list.filter(p -> p.getFileName().toString().startsWith("test_"))
                    .sorted()
                    .toList();
        }
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            String subject = subject(folder, registry);
            if (subject == null) {
                continue;
            }
            claimed.add(name);
            NodeTestCase testCase = new NodeTestCase(folder);
            tests.add(DynamicTest.dynamicTest(name, () -> check(testCase, subject, skips.get(name))));
        }
        tests.add(DynamicTest.dynamicTest("every listed skip is a claimed folder", () -> {
            Set<String> stale = new TreeSet<>(skips.keySet());
            stale.removeAll(claimed);
            assertTrue(stale.isEmpty(), "onnx-node-skips.txt lists folders that are not claimed: " + stale);
        }));
        return tests.stream();
    }

    private static void check(NodeTestCase testCase, String subject, String skipReason) {
        String failure = testCase.run();
        if (skipReason != null) {
            if (failure == null) {
                RESULTS.put(testCase.name(), new Result(subject, "FAILED", "listed as skipped but passes"));
                fail(testCase.name() + " is listed in onnx-node-skips.txt (" + skipReason + ") but passes");
            }
            RESULTS.put(testCase.name(), new Result(subject, "skipped", skipReason + " [" + failure + "]"));
            Assumptions.abort(skipReason + ": " + failure);
        }
        if (failure != null) {
            RESULTS.put(testCase.name(), new Result(subject, "FAILED", failure));
            fail(failure);
        }
        RESULTS.put(testCase.name(), new Result(subject, "passed", ""));
    }

    /**
     * The operator a folder tests, or null when it is not ours: a one-node model's op type; for a
     * larger model (an expanded function) the registered op type the folder name starts with (longest), else
     * "(other expanded)".
     */
    private static String subject(Path folder, OperatorRegistry registry) throws IOException {
        String normalized =
                folder.getFileName().toString().substring(5).replace("_", "").toLowerCase();
        String byName = null;
        for (String op : registry.defaultDomainOpTypes()) {
            if (normalized.startsWith(op.toLowerCase()) && (byName == null || op.length() > byName.length())) {
                byName = op;
            }
        }
        OnnxModel model;
        try {
            model = OnnxModel.parse(Files.readAllBytes(folder.resolve("model.onnx")));
        } catch (NnException e) {
            // Cannot see the operators (an unsupported dtype in a constant): claim it by its name.
            return byName;
        }
        List<OnnxNode> nodes = model.graph().nodes();
        for (OnnxNode node : nodes) {
            if (!OpsetImport.isDefaultDomain(node.domain()) || !registry.knows("", node.opType())) {
                return null;
            }
        }
        if (nodes.size() == 1) {
            return nodes.get(0).opType();
        }
        return byName != null ? byName : "(other expanded)";
    }

    private static Path testDataRoot() {
        String base = System.getProperty("lockstep.testdata");
        Assumptions.assumeTrue(base != null, "system property lockstep.testdata is not set; ONNX node tests skipped");
        Path root = Path.of(base, "onnx-node", "node");
        Assumptions.assumeTrue(
                Files.isDirectory(root), root + " is absent (see testdata/README.md); ONNX node tests skipped");
        return root;
    }

    /** {@code test_name reason...} per line; {@code #} starts a comment. */
    static Map<String, String> readSkips() throws IOException {
        Map<String, String> skips = new TreeMap<>();
        try (InputStream in = Objects.requireNonNull(
                        OnnxNodeTest.class.getResourceAsStream("/onnx-node-skips.txt"), "onnx-node-skips.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] parts = text.split("\\s+", 2);
                if (parts.length < 2) {
                    throw new IllegalStateException("skip without a reason: " + text);
                }
                if (skips.put(parts[0], parts[1]) != null) {
                    throw new IllegalStateException("skip listed twice: " + parts[0]);
                }
            }
        }
        return skips;
    }

    @AfterAll
    static void writeReport() throws IOException {
        if (RESULTS.isEmpty()) {
            return;
        }
        Map<String, int[]> perOp = new TreeMap<>();
        StringBuilder details = new StringBuilder();
        int passed = 0;
        int skipped = 0;
        int failed = 0;
        for (Map.Entry<String, Result> e : RESULTS.entrySet()) {
            Result r = e.getValue();
            int[] counts = perOp.computeIfAbsent(r.subject, k -> new int[3]);
            switch (r.outcome) {
                case "passed" -> {
                    counts[0]++;
                    passed++;
                }
                case "skipped" -> {
                    counts[1]++;
                    skipped++;
                }
                default -> {
                    counts[2]++;
                    failed++;
                }
            }
            if (!r.outcome.equals("passed")) {
                details.append(r.outcome)
                        .append(' ')
                        .append(e.getKey())
                        .append(": ")
                        .append(r.detail)
                        .append('\n');
            }
        }
        StringBuilder report = new StringBuilder("ONNX node tests: ")
                .append(passed)
                .append(" passed, ")
                .append(skipped)
                .append(" skipped, ")
                .append(failed)
                .append(" failed\n\noperator passed skipped failed\n");
        perOp.forEach((op, c) -> report.append(String.format("%-20s %4d %4d %4d%n", op, c[0], c[1], c[2])));
        report.append('\n').append(details);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, report.toString());
        System.out.println("ONNX node tests: " + passed + " passed, " + skipped + " skipped, " + failed
                + " failed (report: " + REPORT.toAbsolutePath() + ")");
    }
}
