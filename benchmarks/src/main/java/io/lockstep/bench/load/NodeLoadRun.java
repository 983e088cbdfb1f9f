package io.lockstep.bench.load;

import io.lockstep.node.contract.ContractBuilder;
import io.lockstep.node.contract.Toolchain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node under load, end to end: for each scenario, starts a fresh {@code ./lockstep dev} in a child
 * process, prepares what the scenario needs (the Iris model registered, the classifier deployed), runs the
 * {@link LoadGenerator} against it in this process, and samples the node meanwhile (resident memory, heap,
 * GC, CPU per thread group, optionally a flight recording of the window). Prints each scenario's summary,
 * then a Markdown table; writes the JSON lines to the work directory.
 *
 * <pre>
 * java -cp benchmarks/target/lockstep-benchmarks.jar io.lockstep.bench.load.NodeLoadRun --repo . [options]
 * </pre>
 */
public final class NodeLoadRun {

    static final List<String> USAGE = List.of(
            "usage: NodeLoadRun [--repo DIR] [options]",
            "  --scenarios LIST       default transfers,classify,block-number,call-view,call-classify",
            "  --warmup D, --duration D, --drain D   (defaults 10s, 30s, 30s)",
            "  --senders N            dev accounts 1..N sign (account 0 prepares the chain; default 200)",
            "  --rate LIST            offered rates (default transfers=1100,classify=220: 10% above the goals;"
                    + " reads: closed loop)",
            "  --concurrency LIST     connections per scenario, e.g. transfers=32,block-number=8 (default 16 each)",
            "  --batch N              JSON-RPC requests per HTTP request for the reads (default 1)",
            "  --block-time MILLIS    the dev chain's block time (default 1000)",
            "  --profile              record the node with JFR over each window and print where its time went"
                    + " (this slows transaction admission: use it to attribute time, not for throughput)",
            "  --node-jvm-opts TEXT   JVM options added to the launcher's for the node",
            "  --work DIR             data directories, logs, recordings, results (default: a temp directory)",
            "  --seed N               the generator's seed (default random, printed)");

    private final Path repo;
    private final Path work;
    private final Duration warmup;
    private final Duration duration;
    private final Duration drain;
    private final int senders;
    private final Map<Scenario, Double> rates;
    private final Map<Scenario, Integer> concurrency;
    private final int batch;
    private final long blockTimeMillis;
    private final boolean profile;
    private final String nodeJvmOptions;
    private final long seed;
    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;
    private String contractWasm;

    private NodeLoadRun(Args args) throws IOException {
        this.repo = args.string("repo")
                .map(Path::of)
                .orElseGet(NodeLoadRun::findRepository)
                .toAbsolutePath();
        if (!Files.isExecutable(repo.resolve("lockstep"))) {
            throw new UsageException("--repo " + repo + ": no ./lockstep launcher there");
        }
        this.work = args.string("work")
                .map(Path::of)
                .orElse(Files.createTempDirectory("lockstep-node-load"))
                .toAbsolutePath();
        this.warmup = args.duration("warmup", Duration.ofSeconds(10));
        this.duration = args.duration("duration", Duration.ofSeconds(30));
        this.drain = args.duration("drain", Duration.ofSeconds(30));
        this.senders = args.intValue("senders", 200, 1, 999);
        this.rates = perScenario(args.string("rate", "transfers=1100,classify=220"), "--rate", Double::parseDouble);
        this.concurrency = perScenario(args.string("concurrency", ""), "--concurrency", Integer::parseInt);
        this.batch = args.intValue("batch", 1, 1, 10_000);
        this.blockTimeMillis = args.longValue("block-time", 1_000, 1, 3_600_000);
        this.profile = args.flag("profile");
        this.nodeJvmOptions = args.string("node-jvm-opts", "");
        this.seed = args.longValue("seed", new SecureRandom().nextLong(), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public static void main(String[] argv) {
        try {
            Args args = new Args(argv, Set.of("profile"));
            NodeLoadRun run = new NodeLoadRun(args);
            List<Scenario> scenarios = new ArrayList<>();
            for (String name : args.string("scenarios", "transfers,classify,block-number,call-view,call-classify")
                    .split(",")) {
                scenarios.add(Scenario.fromWireName(name.trim()));
            }
            args.finish(USAGE);
            run.runAll(scenarios);
        } catch (UsageException e) {
            System.err.println("node-load: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("node-load: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    private void runAll(List<Scenario> scenarios) throws IOException, InterruptedException {
        Files.createDirectories(work);
        out.println("Node under load: "
                + String.join(", ", scenarios.stream().map(Scenario::wireName).toList()));
        out.println("Machine:");
        out.print(Machine.describe());
        out.println("Work directory: " + work + "; block time " + blockTimeMillis + " ms; seed " + seed);
        out.println();
        List<ScenarioRun> runs = new ArrayList<>();
        Path results = work.resolve("results.jsonl");
        for (Scenario scenario : scenarios) {
            ScenarioRun run = runScenario(scenario);
            runs.add(run);
            out.println(run.summary());
            Files.writeString(
                    results,
                    RpcClient.JSON.writeValueAsString(run.json()) + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        out.println(ScenarioRun.markdownHeader());
        runs.forEach(r -> out.println(r.markdownRow()));
        out.println();
        out.println("Load average at the end (1, 5, 15 min): " + Machine.loadAverage());
        out.println("JSON lines: " + results);
    }

    private ScenarioRun runScenario(Scenario scenario) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve(scenario.wireName()));
        Path log = dir.resolve("node.log");
        progress.println("node-load: starting a dev node for " + scenario.wireName() + " (log: " + log + ")");
        List<String> warnings = new ArrayList<>();
        try (NodeProcess node =
                NodeProcess.start(repo, dir.resolve("data"), senders + 1, blockTimeMillis, nodeJvmOptions, log)) {
            NodeSampler sampler = NodeSampler.of(node.pid(), Duration.ofMillis(500), warnings);
            Thread sampling = new Thread(sampler, "node-sampler");
            sampling.setDaemon(true);
            sampling.start();
            try {
                Optional<String> contract = Optional.empty();
                String setupAccount = null;
                if (scenario.needsContract()) {
                    try (EthApi api = new EthApi(node.rpc(), 30_000)) {
                        ClassifierSetup setup = new ClassifierSetup(api, SenderKeys.devKey(0));
                        progress.println("node-load: registering the model and deploying the classifier");
                        contract = Optional.of(setup.prepare(
                                classifierWasm(),
                                Files.readAllBytes(repo.resolve("examples/iris-classifier/model/iris.onnx")),
                                ClassifierSetup.MODEL_NAME));
                        setupAccount = setup.account();
                    }
                }
                NodeProfiler profiler = null;
                Path recording = profile ? dir.resolve("window.jfr") : null;
                if (sampler.connection().isPresent()) {
                    profiler = new NodeProfiler(sampler.connection().get(), recording);
                } else if (profile) {
                    warnings.add("no profile: the node's JVM could not be attached to");
                }
                LoadReport report = LoadGenerator.run(
                        options(scenario, node, contract, setupAccount),
                        progress,
                        profiler == null ? PhaseListener.NONE : profiler);
                NodeSampler.Summary memory = sampler.summarize(
                        report.window().measureFrom(), report.window().measureUntil() + 600_000_000L);
                Map<String, Double> threads = Map.of();
                Optional<String> profileText = Optional.empty();
                if (profiler != null) {
                    profiler.failure().ifPresent(warnings::add);
                    threads = profiler.coresByGroup();
                    if (recording != null && Files.exists(recording)) {
                        profileText = Optional.of(JfrProfile.summarize(recording, 25));
                    }
                }
                if (!node.alive()) {
                    warnings.add("the node exited during the run; see " + log);
                }
                return new ScenarioRun(report, memory, threads, profileText, warnings);
            } finally {
                sampler.close();
            }
        }
    }

    private LoadOptions options(Scenario scenario, NodeProcess node, Optional<String> contract, String setupAccount) {
        List<BigInteger> keys = scenario.writes() ? SenderKeys.parse("1-" + senders) : List.of();
        return new LoadOptions(
                node.rpc(),
                scenario,
                keys,
                Optional.ofNullable(rates.get(scenario)),
                concurrency.getOrDefault(scenario, 16),
                warmup,
                duration,
                drain,
                scenario.writes() ? 1 : batch,
                contract,
                Optional.ofNullable(setupAccount),
                0,
                60,
                Duration.ofMillis(20),
                true,
                1_000,
                seed,
                30_000);
    }

    /** Builds the example classifier once per harness run, with its SDK, as {@code lockstep contract build} does. */
    private byte[] classifierWasm() throws IOException {
        if (contractWasm == null) {
            Path buildLog = work.resolve("contract-build.log");
            try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(buildLog, StandardCharsets.UTF_8))) {
                Path wasm = new ContractBuilder(repo, Toolchain.FROM_PATH, log)
                        .build(repo.resolve("examples/iris-classifier"), work.resolve("iris-classifier"))
                        .wasm();
                contractWasm = wasm.toString();
            }
        }
        return Files.readAllBytes(Path.of(contractWasm));
    }

    private static <T> Map<Scenario, T> perScenario(
            String text, String option, java.util.function.Function<String, T> parse) {
        Map<Scenario, T> values = new EnumMap<>(Scenario.class);
        if (text.isBlank()) {
            return values;
        }
        for (String part : text.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new UsageException(option + ": expected SCENARIO=VALUE pairs, got '" + part + "'");
            }
            try {
                values.put(Scenario.fromWireName(kv[0].trim()), parse.apply(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new UsageException(option + ": '" + kv[1] + "' is not a number");
            }
        }
        return values;
    }

    /** The repository: {@code lockstep.root} if set, else the nearest directory upwards with the launcher. */
    private static Path findRepository() {
        String root = System.getProperty("lockstep.root");
        if (root != null) {
            return Path.of(root);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("lockstep")) && Files.isRegularFile(dir.resolve("node/pom.xml"))) {
                return dir;
            }
        }
        throw new UsageException("cannot find the repository (a directory with ./lockstep); pass --repo DIR");
    }
}
