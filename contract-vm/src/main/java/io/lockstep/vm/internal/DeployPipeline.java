package io.lockstep.vm.internal;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import io.lockstep.vm.CodeHash;
import io.lockstep.vm.RejectReason;
import io.lockstep.vm.VmConfig;
import java.util.Map;

/**
 * parse + validate → feature whitelist → limits → instrument → re-validate. The result is a
 * {@link PreparedModule}; every refusal is a {@link ModuleRejectedException} with a consensus reason.
 */
public final class DeployPipeline {

    static {
        ChicoryAssertions.keepOff();
    }

    private final VmConfig config;
    private final ImportPolicy imports;
    private final boolean clampMemory;
    private final boolean contract;

    /**
     * A pipeline for modules that are not contracts: no constructor or end-marker rules.
     *
     * @param clampMemory whether to clamp memory maxima to the chain's limit (contracts always; the
     *     spec-suite harness, which checks WebAssembly semantics up to 4 GiB, does not)
     */
    public DeployPipeline(VmConfig config, ImportPolicy imports, boolean clampMemory) {
        this(config, imports, clampMemory, false);
    }

    private DeployPipeline(VmConfig config, ImportPolicy imports, boolean clampMemory, boolean contract) {
        this.config = config;
        this.imports = imports;
        this.clampMemory = clampMemory;
        this.contract = contract;
    }

    /**
     * The chain's pipeline: host ABI imports only, memory clamped, a {@code deploy} export of type
     * {@code () -> ()} if any, and a {@value ModuleEnd#NAME} section only as an empty last section.
     */
    public static DeployPipeline forContracts(VmConfig config) {
        return new DeployPipeline(config, ImportPolicy.hostAbi(HostAbi.signatures(config.costs())), true, true);
    }

    public PreparedModule prepare(byte[] original) {
        ModuleLayout layout = ModuleLayout.read(original, config.limits());
        if (contract) {
            ModuleEnd.check(original);
        }
        WasmModule parsed = parse(original, "module");
        Instrumenter.Result result;
        try {
            ModuleStructure.check(parsed);
            if (contract) {
                EntryPoints.check(parsed);
            }
            checkFunctions(parsed);
            imports.check(parsed);
            result = new Instrumenter(original, layout, parsed, config.costs(), config.limits(), clampMemory)
                    .instrument();
        } catch (ChicoryException e) {
            // the parser defers some index checks to first use
            throw new ModuleRejectedException(RejectReason.INVALID, "module is invalid: " + e.getMessage());
        }
        WasmModule instrumented;
        try {
            instrumented = parse(result.bytes(), "instrumented module");
        } catch (ModuleRejectedException e) {
            throw new IllegalStateException("instrumentation produced an invalid module: " + e.getMessage(), e);
        }
        return new PreparedModule(
                CodeHash.of(original),
                original.length,
                result.bytes(),
                instrumented,
                result.fuelGlobal(),
                config.limits().maxCallDepth(),
                instantiationFuel(parsed),
                parsed.startSection().map(start -> (int) start.startIndex()).orElse(-1),
                PreparedModule.ModuleCompiler.CHICORY);
    }

    private void checkFunctions(WasmModule parsed) {
        int total = parsed.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION)
                + parsed.functionSection().functionCount();
        if (total > config.limits().maxFunctions()) {
            throw new ModuleRejectedException(
                    RejectReason.LIMIT_EXCEEDED,
                    total + " functions exceed the limit " + config.limits().maxFunctions());
        }
        var code = parsed.codeSection();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            InstructionPolicy.check(i, code.getFunctionBody(i), config.limits());
        }
    }

    private long instantiationFuel(WasmModule parsed) {
        var costs = config.costs();
        long pages = parsed.memorySection()
                .filter(m -> m.memoryCount() > 0)
                .map(m -> (long) m.getMemory(0).limits().initialPages())
                .orElse(0L);
        long dataBytes = 0;
        for (DataSegment segment : parsed.dataSection().dataSegments()) {
            if (segment instanceof ActiveDataSegment) {
                dataBytes += segment.data().length;
            }
        }
        return costs.instantiateBase()
                + pages * costs.instantiatePerPage()
                + ((dataBytes * costs.bulkPerKiB() + 1023) >>> 10);
    }

    /**
     * Parses with Chicory. Custom sections are kept as raw bytes (their contents never reach the
     * parser's decoders), and {@link ModuleLayout} has already checked every length and count the parser
     * will allocate by, so no module can make parsing run out of memory or stack: an {@link Error} here
     * is the node's own failure, not an answer about the module, and is left to propagate.
     */
    private static WasmModule parse(byte[] bytes, String what) {
        try {
            return Parser.builder()
                    .withValidation(true)
                    .withCustomParsers(Map.of())
                    .build()
                    .parse(() -> new java.io.ByteArrayInputStream(bytes));
        } catch (MalformedException e) {
            throw new ModuleRejectedException(RejectReason.MALFORMED, what + " is malformed: " + e.getMessage());
        } catch (InvalidException e) {
            throw new ModuleRejectedException(RejectReason.INVALID, what + " is invalid: " + e.getMessage());
        } catch (ChicoryException e) {
            throw new ModuleRejectedException(RejectReason.INVALID, what + " was refused: " + e.getMessage());
        } catch (RuntimeException e) {
            // The parser met input it did not expect (a header claiming more than the bytes hold, say).
            throw new ModuleRejectedException(
                    RejectReason.MALFORMED,
                    what + " could not be decoded: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
