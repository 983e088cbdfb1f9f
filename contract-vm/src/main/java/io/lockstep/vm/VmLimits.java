package io.lockstep.vm;

/**
 * Deterministic resource limits checked at deploy time. Chain rules: they come from genesis, never from
 * local configuration, because a module one validator accepts every validator must accept.
 */
public record VmLimits(
        int maxModuleBytes,
        int maxTypes,
        int maxFunctions,
        int maxImports,
        int maxExports,
        int maxLocalsPerFunction,
        int maxParamsOrResults,
        int maxFunctionBodyBytes,
        int maxGlobals,
        int maxDataSegments,
        int maxElementSegments,
        int maxTableSize,
        int maxMemoryPages,
        int maxBrTableTargets,
        int maxBlockNesting,
        int maxCallDepth) {

    /** The limits of chain version 1. */
    public static final VmLimits DEFAULT = new VmLimits(
            4 * 1024 * 1024, // module bytes
            1_024, // types
            10_000, // functions
            256, // imports
            1_024, // exports
            4_096, // locals per function (params included)
            64, // params or results per type
            1024 * 1024, // function body bytes
            1_024, // globals
            1_024, // data segments
            1_024, // element segments
            65_536, // table entries
            512, // memory pages (32 MiB)
            16_384, // br_table targets
            512, // block nesting
            4_096); // stack budget in frame units, see docs/spec/fuel.md

    public VmLimits {
        int[] all = {
            maxModuleBytes,
            maxTypes,
            maxFunctions,
            maxImports,
            maxExports,
            maxLocalsPerFunction,
            maxParamsOrResults,
            maxFunctionBodyBytes,
            maxGlobals,
            maxDataSegments,
            maxElementSegments,
            maxTableSize,
            maxMemoryPages,
            maxBrTableTargets,
            maxBlockNesting,
            maxCallDepth
        };
        for (int limit : all) {
            if (limit <= 0) {
                throw new IllegalArgumentException("every limit must be positive");
            }
        }
        if (maxMemoryPages > 65_536) {
            throw new IllegalArgumentException("a 32-bit memory has at most 65536 pages");
        }
        // The depth lives in the low 16 bits of the fuel counter: the budget plus one frame's weight
        // (1 + locals / 32) must stay below 2^16.
        if (maxCallDepth > 32_767) {
            throw new IllegalArgumentException("the stack budget is at most 32767 frame units");
        }
        if (maxLocalsPerFunction > 1_000_000) {
            throw new IllegalArgumentException("at most 1000000 locals per function");
        }
    }
}
