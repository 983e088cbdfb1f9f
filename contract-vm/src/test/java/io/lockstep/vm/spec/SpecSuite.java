package io.lockstep.vm.spec;

import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.internal.DeployPipeline;
import io.lockstep.vm.internal.ExecutionThreads;
import io.lockstep.vm.internal.ImportPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The WebAssembly spec suite on the contract VM: each script through the instrumented pipeline on
 * every requested engine, outcomes compared across engines (the interpreter-versus-compiler
 * differential over every spec module), judged against the script and the expected deviations.
 */
final class SpecSuite implements AutoCloseable {

    /** Where wast2json's output lies under the shared test data. */
    static final String JSON_FOLDER = "wasm-spec/json";

    /** The report's name for the time spent admitting and instrumenting modules, shared by the engines. */
    static final String PIPELINE = "pipeline";

    private final List<Engine> engines;
    private final DeployPipeline pipeline;
    private final ExpectedDeviations deviations;
    private final ExecutionThreads threads;
    private final SpecJudge judge = new SpecJudge(true);

    SpecSuite(List<Engine> engines, ExpectedDeviations deviations) {
        this.engines = List.copyOf(engines);
        this.deviations = deviations;
        VmConfig config = SpecConfig.CONFIG;
        this.pipeline = new DeployPipeline(config, ImportPolicy.any(), false);
        this.threads = new ExecutionThreads(1, config.workerStackBytes(), config.watchdog());
    }

    /** The script folders under the suite root, by name. */
    static List<Path> scriptFolders(Path root) {
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ScriptResult run(Path folder) {
        String name = folder.getFileName().toString();
        String scriptSkip = SpecConfig.scriptSkipReason(folder);
        if (scriptSkip != null) {
            return ScriptResult.skipped(name, scriptSkip);
        }
        SpecScript script = SpecScript.load(folder);
        InstrumentedEngine.PreparedModules prepared = new InstrumentedEngine.PreparedModules(pipeline);
        Map<String, List<Outcome>> byEngine = new LinkedHashMap<>();
        Map<String, Long> nanos = new LinkedHashMap<>();
        Map<String, Long> cpuNanos = new LinkedHashMap<>();
        for (Engine engine : engines) {
            long start = System.nanoTime();
            long[] cpu = new long[1];
            List<Outcome> outcomes = threads.run(() -> {
                long cpuStart = CpuTime.ofThisThread();
                try {
                    return new ScriptRunner<>(script, new InstrumentedEngine(engine, prepared)).run();
                } finally {
                    cpu[0] = CpuTime.ofThisThread() - cpuStart;
                }
            });
            long[] pipelineNanos = prepared.takeNanos();
            nanos.merge(PIPELINE, pipelineNanos[0], Long::sum);
            cpuNanos.merge(PIPELINE, pipelineNanos[1], Long::sum);
            nanos.put(engine.name(), System.nanoTime() - start - pipelineNanos[0]);
            cpuNanos.put(engine.name(), cpu[0] - pipelineNanos[1]);
            byEngine.put(engine.name(), outcomes);
        }
        List<CommandResult> results = new ArrayList<>();
        for (int i = 0; i < script.commands().size(); i++) {
            results.add(result(script, i, byEngine));
        }
        return new ScriptResult(name, null, List.copyOf(results), nanos, cpuNanos);
    }

    private CommandResult result(SpecScript script, int index, Map<String, List<Outcome>> byEngine) {
        SpecCommand command = script.commands().get(index);
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        byEngine.forEach((engine, list) -> outcomes.put(engine, list.get(index)));
        Outcome first = outcomes.values().iterator().next();
        Verdict verdict = judge.judge(command, first);
        boolean agree = outcomes.values().stream().allMatch(o -> Objects.equals(o.key(), first.key()));
        if (!agree) {
            verdict = Verdict.fail("engines disagree: " + outcomes);
        }
        String listed = deviations.reason(script.name(), command.line());
        if (listed != null) {
            verdict = verdict.is(Verdict.Kind.FAILED) && agree
                    ? new Verdict(Verdict.Kind.DEVIATION, listed + " [" + verdict.reason() + "]")
                    : Verdict.fail("listed in expected-deviations.txt (" + listed + ") but did not deviate: "
                            + verdict.kind());
        }
        return new CommandResult(command, first, verdict, outcomes);
    }

    @Override
    public void close() {
        threads.close();
    }
}
