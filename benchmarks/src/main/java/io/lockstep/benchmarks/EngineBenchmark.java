package io.lockstep.benchmarks;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.internal.ExecutionThreads;
import io.lockstep.vm.internal.FlatMemory;
import io.lockstep.vm.internal.ModuleInstance;
import io.lockstep.vm.internal.PreparedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Task: how fast does contract code run? Every program runs, from the same .wasm file, as our
 * instrumented module on Chicory's compiler (the contract path), as the plain module on Chicory's
 * compiler, on Chicory's interpreter (plain and instrumented), and on V8 (Node.js). Each engine keeps
 * one instance per program and times calls of its {@code run} export; instantiation is timed apart.
 */
final class EngineBenchmark {

    /** The programs, with the kind of value {@code run} returns. */
    enum Program {
        MATMUL("matmul", true),
        SHA256("sha256", false),
        FIB("fib", false),
        SIEVE("sieve", false),
        STREAM("stream", false);

        final String file;
        final boolean returnsF64;

        Program(String file, boolean returnsF64) {
            this.file = file;
            this.returnsF64 = returnsF64;
        }
    }

    enum Column {
        INSTRUMENTED_COMPILED("instrumented, compiled"),
        PLAIN_COMPILED("plain, compiled"),
        PLAIN_INTERPRETER("plain, interpreter"),
        INSTRUMENTED_INTERPRETER("instrumented, interpreter"),
        V8("V8 (node)");

        final String title;

        Column(String title) {
            this.title = title;
        }
    }

    /** What one program measured. */
    record Row(
            Program program,
            Map<Column, Samples> times,
            long fuelPerRun,
            Samples instantiateInstrumented,
            Samples instantiatePlain,
            String result) {}

    private static final int SHA_MESSAGE_OFFSET = 1024;
    private static final int SHA_MESSAGE_LENGTH = 1 << 20;
    private static final int SHA_DIGEST_OFFSET = 544;

    private final ExternalTools tools;
    private final boolean quick;
    private final boolean compiledOnly;
    private final ExecutionThreads threads;

    /**
     * @param compiledOnly measure the two compiled columns only (for work on the instrumentation, where
     *     the interpreters and V8 do not change)
     */
    EngineBenchmark(ExternalTools tools, boolean quick, boolean compiledOnly, ExecutionThreads threads) {
        this.tools = tools;
        this.quick = quick;
        this.compiledOnly = compiledOnly;
        this.threads = threads;
    }

    List<Row> run() throws Exception {
        Map<Program, Path> files = new EnumMap<>(Program.class);
        for (Program p : Program.values()) {
            files.put(p, tools.assembleResource(p.file));
        }
        List<Row> rows = new ArrayList<>();
        Map<Program, String> firstResults = new EnumMap<>(Program.class);
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            for (Program p : Program.values()) {
                System.out.println("engines: " + p.file);
                byte[] bytes = Files.readAllBytes(files.get(p));
                rows.add(threads.run(() -> measureOnChicory(vm, p, bytes, firstResults)));
            }
        }
        if (compiledOnly) {
            return rows;
        }
        Map<Program, Samples> v8 = measureOnV8(files, firstResults);
        List<Row> withV8 = new ArrayList<>();
        for (Row row : rows) {
            Map<Column, Samples> times = new EnumMap<>(row.times());
            times.put(Column.V8, v8.get(row.program()));
            withV8.add(new Row(
                    row.program(),
                    times,
                    row.fuelPerRun(),
                    row.instantiateInstrumented(),
                    row.instantiatePlain(),
                    row.result()));
        }
        return withV8;
    }

    private Row measureOnChicory(ContractVm vm, Program p, byte[] bytes, Map<Program, String> firstResults)
            throws Exception {
        DeployResult deployed = vm.deploy(bytes);
        if (!(deployed instanceof DeployResult.Deployed d)) {
            throw new IllegalStateException(p.file + " was rejected: " + deployed);
        }
        PreparedModule prepared = (PreparedModule) d.code();
        WasmModule plainModule = Parser.parse(bytes);
        Function<Instance, Machine> plainCompiled = LoadedModule.compiler(plainModule);

        Map<Column, LoadedModule> loaded = new LinkedHashMap<>();
        loaded.put(Column.INSTRUMENTED_COMPILED, LoadedModule.instrumented(prepared, Engine.COMPILED));
        loaded.put(Column.PLAIN_COMPILED, LoadedModule.plain(plainModule, plainCompiled));
        if (!compiledOnly) {
            loaded.put(Column.PLAIN_INTERPRETER, LoadedModule.plain(plainModule, LoadedModule.interpreter()));
            loaded.put(Column.INSTRUMENTED_INTERPRETER, LoadedModule.instrumented(prepared, Engine.INTERPRETER));
        }

        // One checked run on every engine before any timing: all must agree, and SHA-256 must be right.
        String expected = null;
        long fuelPerRun = -1;
        for (Map.Entry<Column, LoadedModule> e : loaded.entrySet()) {
            LoadedModule module = e.getValue();
            module.call("init");
            String result = resultText(p, module.call("run"));
            if (e.getKey() == Column.INSTRUMENTED_COMPILED) {
                fuelPerRun = module.lastFuelUsed();
            }
            if (expected == null) {
                expected = result;
            } else if (!expected.equals(result)) {
                throw new IllegalStateException(p.file + ": " + e.getKey().title + " returned " + result + ", "
                        + Column.INSTRUMENTED_COMPILED.title + " " + expected);
            }
            if (p == Program.SHA256) {
                checkDigest(module.readMemory(SHA_DIGEST_OFFSET, 32), e.getKey());
            }
        }
        firstResults.put(p, expected);

        // The two compiled columns are timed in turns, so that their ratio (the instrumentation's
        // overhead) survives a machine whose load changes; the slow interpreters are timed one by one.
        Map<Column, Samples> times = new EnumMap<>(Column.class);
        LoadedModule instrumented = loaded.get(Column.INSTRUMENTED_COMPILED);
        LoadedModule plain = loaded.get(Column.PLAIN_COMPILED);
        List<Samples> compiled = Sampler.compiled(quick)
                .measureInTurns(List.of(() -> instrumented.call("run"), () -> plain.call("run")));
        times.put(Column.INSTRUMENTED_COMPILED, compiled.get(0));
        times.put(Column.PLAIN_COMPILED, compiled.get(1));
        for (Column c : List.of(Column.PLAIN_INTERPRETER, Column.INSTRUMENTED_INTERPRETER)) {
            LoadedModule module = loaded.get(c);
            if (module != null) {
                times.put(c, Sampler.interpreter(quick).measure(() -> module.call("run")));
            }
        }
        for (Map.Entry<Column, Samples> e : times.entrySet()) {
            System.out.println("  " + e.getKey().title + ": " + e.getValue().describe());
        }

        Sampler instantiation = Sampler.compiled(quick);
        Samples instInstrumented = instantiation.measure(() -> {
            var inst = ModuleInstance.instantiate(
                    prepared, Engine.COMPILED, ImportValues.empty(), null, LoadedModule.FUEL);
            return inst.fuelLeft();
        });
        Samples instPlain = instantiation.measure(() -> Instance.builder(plainModule)
                .withMachineFactory(plainCompiled)
                .withMemoryFactory(FlatMemory.factory())
                .build()
                .functionCount());
        System.out.println(
                "  instantiate instrumented: " + instInstrumented.describe() + ", plain: " + instPlain.describe());
        return new Row(p, times, fuelPerRun, instInstrumented, instPlain, expected);
    }

    private static String resultText(Program p, long bits) {
        return p.returnsF64 ? Double.toString(Double.longBitsToDouble(bits)) : Integer.toString((int) bits);
    }

    private static void checkDigest(byte[] digest, Column column) throws Exception {
        byte[] message = new byte[SHA_MESSAGE_LENGTH];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i * 131 + 7);
        }
        byte[] reference = MessageDigest.getInstance("SHA-256").digest(message);
        if (!Arrays.equals(reference, digest)) {
            throw new IllegalStateException(
                    "SHA-256 on " + column.title + " gave " + HexFormat.of().formatHex(digest) + ", the JDK "
                            + HexFormat.of().formatHex(reference));
        }
    }

    private Map<Program, Samples> measureOnV8(Map<Program, Path> files, Map<Program, String> firstResults)
            throws Exception {
        System.out.println("engines: V8");
        Path script = tools.workDir().resolve("engine-bench.mjs");
        try (var in = EngineBenchmark.class.getResourceAsStream("engine-bench.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        Sampler plan = Sampler.compiled(quick);
        List<String> args = new ArrayList<>(List.of(
                SampleClock.describe().startsWith("CPU") ? "cpu" : "wall",
                Long.toString(plan.warmupNanos() / 1_000_000),
                Long.toString(plan.sampleNanos() / 1_000_000),
                Integer.toString(plan.minSamples()),
                Integer.toString(plan.maxSamples())));
        for (Program p : Program.values()) {
            args.add(p.file + "=" + files.get(p).toAbsolutePath());
        }
        Map<Program, Samples> result = new EnumMap<>(Program.class);
        for (String line : tools.node(script, args, 600)) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 3) {
                continue;
            }
            Program p = Arrays.stream(Program.values())
                    .filter(x -> x.file.equals(parts[0]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("node printed an unknown program: " + line));
            String expected = firstResults.get(p);
            boolean same = p.returnsF64
                    ? Double.parseDouble(parts[1]) == Double.parseDouble(expected)
                    : Integer.parseInt(parts[1]) == Integer.parseInt(expected);
            if (!same) {
                throw new IllegalStateException(p.file + ": V8 returned " + parts[1] + ", Chicory " + expected);
            }
            long[] nanos = Arrays.stream(parts[2].split(","))
                    .mapToLong(Long::parseLong)
                    .toArray();
            Samples s = new Samples(nanos);
            System.out.println("  " + p.file + ": " + s.describe());
            result.put(p, s);
        }
        if (result.size() != Program.values().length) {
            throw new IllegalStateException("node reported " + result.keySet() + " only");
        }
        return result;
    }
}
