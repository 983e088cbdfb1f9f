package io.lockstep.vm;

/**
 * The fuel schedule: what each class of work costs. A chain names its schedule by {@link #version()} in
 * genesis, so changing any number here is a chain upgrade. The numbers and their calibration are
 * documented in {@code docs/spec/fuel.md}.
 *
 * <p>Static costs are summed per straight-line segment at deploy time; size-dependent costs
 * ({@code memory.grow}, bulk memory, host calls) are computed at run time from the operands.
 *
 * <p>Version 3 added the inference components ({@code nnLoad}, {@code nnFuelPerMille}) and changed
 * nothing else. A schedule whose {@code nnFuelPerMille} is 0 does not price inference, and a VM that
 * runs it refuses the {@code wasi_ephemeral_nn} imports at deploy time, as version 2 always did.
 *
 * <p>Version 6 added the components that price what a call leaves behind rather than the time it takes:
 * the storage tree rewritten for each distinct key a call writes, the state a new key or a longer value
 * adds, and the logs, return data and revert reasons that receipts keep.
 */
public record CostTable(
        int version,
        /* constants, locals, globals, integer arithmetic, comparisons, drop, select, nop */
        int simple,
        /* i32/i64 div and rem */
        int integerDivision,
        /* float arithmetic, comparisons and conversions (canonicalization included) */
        int floatOp,
        /* f32/f64 div and sqrt */
        int floatDivision,
        /* loads and stores */
        int memoryAccess,
        /* block, loop, if, else, end, br, br_if, return, unreachable */
        int branch,
        /* br_table, whatever its size */
        int brTable,
        /* direct call, charged at the call site */
        int call,
        /* call_indirect, charged at the call site */
        int callIndirect,
        /* memory.size */
        int memorySize,
        /* memory.grow: base plus per requested page */
        int memoryGrowBase,
        int memoryGrowPerPage,
        /* memory.copy/fill/init, table.copy/init, data.drop, elem.drop: base plus per byte or element */
        int bulkBase,
        /* fuel per 1024 bytes moved by memory.copy/fill/init */
        int bulkPerKiB,
        /* fuel per table element moved by table.copy/init */
        int tableBulkPerElement,
        /* every host function call */
        int hostCallBase,
        /* storage reads and writes on top of the host call base */
        int storageRead,
        int storageWrite,
        /* since version 6: the first storage_write or storage_remove of a key in a call, whose tree path
         * the commit rewrites */
        int storageFirstWrite,
        /* since version 6: a storage_write creating a key that was absent when the call first touched it;
         * once per key per call */
        int storageNewKey,
        /* since version 6: per byte by which a key's kept size (key + value) grows above the most the call
         * has paid for, starting from its size in storage */
        int storagePerByte,
        /* fuel per 1024 bytes crossing the host boundary (keys, values, input, return data, logs) */
        int hostPerKiB,
        /* since version 6: per emit_log, per topic and per data byte, for what receipts keep */
        int logBase,
        int logPerTopic,
        int logPerByte,
        /* since version 6: per byte of return data (each set_return) or revert reason: receipts keep them */
        int returnPerByte,
        /* instantiating a module for a call: base plus per initial memory page */
        int instantiateBase,
        int instantiatePerPage,
        /* since version 3: wasi_ephemeral_nn load and load_by_name, on top of the host call base */
        int nnLoad,
        /*
         * since version 3: contract fuel per 1000 units of a model's inference fuel (PreparedModel.cost(),
         * priced by deterministic-nn's NnCostTable); 0 means the schedule has no inference
         */
        int nnFuelPerMille) {

    /**
     * Version 6, the default: version 5's prices of work, calibrated against instrumentation version 4 and
     * the flat linear memory (ADR 0006) with inference priced (provisionally), plus the prices of kept
     * data. Versions 3 to 5 were steps on the way and no chain used them; docs/spec/fuel.md tells what
     * each changed.
     */
    public static final CostTable V6 = new CostTable(
            6, // version
            1, // simple
            50, // integerDivision
            6, // floatOp
            60, // floatDivision
            2, // memoryAccess
            65, // branch
            120, // brTable
            30, // call
            140, // callIndirect
            5, // memorySize
            1, // memoryGrowBase
            330_000, // memoryGrowPerPage
            65, // bulkBase
            450, // bulkPerKiB
            55, // tableBulkPerElement
            70, // hostCallBase
            550, // storageRead
            2_200, // storageWrite
            500_000, // storageFirstWrite
            1_000_000, // storageNewKey
            10_000, // storagePerByte
            2_600, // hostPerKiB
            37_500, // logBase
            37_500, // logPerTopic
            800, // logPerByte
            800, // returnPerByte
            35_000, // instantiateBase
            220_000, // instantiatePerPage
            5_000, // nnLoad
            1_000); // nnFuelPerMille

    public CostTable {
        if (version < 1) {
            throw new IllegalArgumentException("cost table version must be positive");
        }
        int[] all = {
            simple,
            integerDivision,
            floatOp,
            floatDivision,
            memoryAccess,
            branch,
            brTable,
            call,
            callIndirect,
            memorySize,
            memoryGrowBase,
            memoryGrowPerPage,
            bulkBase,
            bulkPerKiB,
            tableBulkPerElement,
            hostCallBase,
            storageRead,
            storageWrite,
            storageFirstWrite,
            storageNewKey,
            storagePerByte,
            hostPerKiB,
            logBase,
            logPerTopic,
            logPerByte,
            returnPerByte,
            instantiateBase,
            instantiatePerPage,
            nnLoad,
            nnFuelPerMille
        };
        for (int cost : all) {
            if (cost < 0 || cost > 1_000_000) {
                throw new IllegalArgumentException("every cost must lie in [0, 1000000], got " + cost);
            }
        }
        if (tableBulkPerElement > 16_384) {
            // charged for an unchecked 32-bit count, in the counter's 48-bit fuel field
            throw new IllegalArgumentException("tableBulkPerElement must be at most 16384, got " + tableBulkPerElement);
        }
    }

    /** Fuel for moving {@code bytes} bytes across the host boundary, rounded up. */
    public long hostBytes(long bytes) {
        return (bytes * hostPerKiB + 1023) >>> 10;
    }

    /** Whether this schedule prices inference, and so admits the {@code wasi_ephemeral_nn} imports. */
    public boolean pricesInference() {
        return nnFuelPerMille > 0;
    }

    /**
     * Contract fuel for a model run whose inference cost is {@code modelCost}, rounded up; saturates at
     * {@link Long#MAX_VALUE}, which no call can pay.
     */
    public long inferenceFuel(long modelCost) {
        if (modelCost <= 0) {
            return 0;
        }
        if (modelCost > (Long.MAX_VALUE - 999) / Math.max(1, nnFuelPerMille)) {
            return Long.MAX_VALUE;
        }
        return (modelCost * nnFuelPerMille + 999) / 1000;
    }
}
