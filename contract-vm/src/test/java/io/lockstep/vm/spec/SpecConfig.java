package io.lockstep.vm.spec;

import io.lockstep.vm.CostTable;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.VmLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The VM configuration the suite runs under and the scripts it leaves out as a whole. */
final class SpecConfig {

    /**
     * The chain's limits except where the suite checks WebAssembly itself rather than the chain's size
     * rules, which have their own tests: memories up to the full 4 GiB (the suite grows and addresses
     * memories up to 65536 pages; the pipeline runs without the memory clamp, and this keeps the
     * configured limit consistent with that), and 1000 parameters or results per type (call.wast and
     * func.wast declare functions of 100 parameters). Every other limit, including the call-depth
     * budget, is the chain's own.
     */
    static final VmConfig CONFIG = new VmConfig(
            suiteLimits(VmLimits.DEFAULT),
            CostTable.V6,
            VmConfig.DEFAULT.workerStackBytes(),
            1,
            // a whole script runs as one task on an execution thread; this only detects a hang
            Duration.ofMinutes(10));

    static final boolean SKIP_SIMD = Boolean.getBoolean("lockstep.spec.skipSimd");

    private SpecConfig() {}

    private static VmLimits suiteLimits(VmLimits chain) {
        return new VmLimits(
                chain.maxModuleBytes(),
                chain.maxTypes(),
                chain.maxFunctions(),
                chain.maxImports(),
                chain.maxExports(),
                chain.maxLocalsPerFunction(),
                1_000,
                chain.maxFunctionBodyBytes(),
                chain.maxGlobals(),
                chain.maxDataSegments(),
                chain.maxElementSegments(),
                chain.maxTableSize(),
                65_536,
                chain.maxBrTableTargets(),
                chain.maxBlockNesting(),
                chain.maxCallDepth());
    }

    /** Why a whole script is left out, or {@code null} when it runs. */
    static String scriptSkipReason(Path folder) {
        String name = folder.getFileName().toString();
        if (!Files.exists(folder.resolve(name + ".json"))) {
            return "wast2json could not convert the script: " + firstLine(folder.resolve("err.txt"));
        }
        if (SKIP_SIMD && name.startsWith("simd_")) {
            return "SIMD (v128) is not admitted by the chain (FEATURE_NOT_ALLOWED): every module of the script uses it";
        }
        return null;
    }

    private static String firstLine(Path file) {
        if (!Files.exists(file)) {
            return "no output and no err.txt";
        }
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? "(empty err.txt)" : lines.get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
