package io.lockstep.vm.spec;

import io.lockstep.vm.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs the whole spec suite outside JUnit, for comparing JVMs and CPUs by digest:
 *
 * <pre>
 * java -Xss4m -cp &lt;test classpath&gt; io.lockstep.vm.spec.SpecSuiteMain \
 *     [--testdata DIR] [--engines COMPILED,INTERPRETER] [--scripts a,b] [--report FILE]
 * </pre>
 *
 * The test data defaults to the {@code lockstep.testdata} system property. Prints the summary and the
 * failures, then as its last line {@code DIGEST <sha256> PASSED n FAILED n SKIPPED n DEVIATIONS n};
 * exits 1 on any failure, 2 on bad arguments or missing test data.
 */
public final class SpecSuiteMain {

    private SpecSuiteMain() {}

    public static void main(String[] args) {
        String testdata = System.getProperty("lockstep.testdata");
        List<Engine> engines = List.of(Engine.COMPILED, Engine.INTERPRETER);
        Set<String> only = null;
        Path reportFile = Path.of("target", "spec-report.txt");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--testdata" -> testdata = value;
                case "--engines" -> engines = parseEngines(value);
                case "--scripts" -> only = Set.copyOf(Arrays.asList(value.split(",")));
                case "--report" -> reportFile = Path.of(value);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (testdata == null || !Files.isDirectory(Path.of(testdata, SpecSuite.JSON_FOLDER))) {
            System.err.println("no spec suite at " + testdata + "/" + SpecSuite.JSON_FOLDER
                    + " (pass --testdata or -Dlockstep.testdata)");
            System.exit(2);
        }
        Path root = Path.of(testdata, SpecSuite.JSON_FOLDER);
        SuiteReport report = new SuiteReport();
        try (SpecSuite suite = new SpecSuite(engines, ExpectedDeviations.load())) {
            for (Path folder : SpecSuite.scriptFolders(root)) {
                if (only == null || only.contains(folder.getFileName().toString())) {
                    report.add(suite.run(folder));
                }
            }
        }
        report.write(reportFile);
        System.out.print(report.summary());
        List<String> failures = report.failures();
        failures.forEach(f -> System.out.println("FAILED " + f));
        System.out.println("report: " + reportFile.toAbsolutePath());
        System.out.println(report.digestLine());
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static List<Engine> parseEngines(String text) {
        List<Engine> engines = new ArrayList<>();
        for (String name : text.split(",")) {
            engines.add(Engine.valueOf(name.trim()));
        }
        return engines;
    }
}
