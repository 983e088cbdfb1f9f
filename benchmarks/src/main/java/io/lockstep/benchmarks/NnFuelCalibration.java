package io.lockstep.benchmarks;

import io.lockstep.nn.NnCostTable;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.RunResult;
import io.lockstep.vm.internal.ExecutionThreads;
import java.util.ArrayList;
import java.util.List;

/**
 * Task: does a unit of inference fuel cost the same time as a unit of contract fuel? Runs every {@link
 * NnFuelProbe} with {@code PreparedModel.run} on this thread and reports, for each, nanoseconds per
 * fuel under the candidate cost table, the time of one unit of the probed price, and the price (in
 * milli-fuel) that would make that work run at the contract VM's reference rate: the integer-arithmetic
 * probe of {@link FuelCalibration}, measured in the same run, before and after the inference probes.
 *
 * <p>The candidate table is {@link NnCostTable#V2} with {@code -Dlockstep.bench.nncosts=perMac=450,...}
 * applied, so a new table can be tried without rebuilding deterministic-nn.
 */
final class NnFuelCalibration {

    /** What one probe measured; {@code low} is a zero sample for an absolute probe. */
    record Result(
            NnFuelProbe probe,
            long price,
            long fuelLow,
            long fuelHigh,
            long unitsLow,
            long unitsHigh,
            Samples low,
            Samples high) {

        double deltaTime() {
            return high.median() - low.median();
        }

        double nsPerFuel() {
            return deltaTime() / (fuelHigh - fuelLow);
        }

        /** The time of one unit of the price, the probe's other fuel taken at {@code reference} ns per fuel. */
        double nsPerUnit(double reference) {
            double units = unitsHigh - unitsLow;
            double otherFuel = (fuelHigh - fuelLow) - units * price / NnCostTable.MILLI;
            return (deltaTime() - otherFuel * reference) / units;
        }

        /** The price (milli-fuel per unit) at which this probe would run at {@code reference} ns per fuel. */
        double milliFuelForReference(double reference) {
            return nsPerUnit(reference) / reference * NnCostTable.MILLI;
        }
    }

    /** Everything the calibration measured. */
    record Outcome(
            NnCostTable table,
            FuelCalibration.Result referenceBefore,
            FuelCalibration.Result referenceAfter,
            List<Result> results) {

        /** The reference rate: the mean of the integer-arithmetic probe before and after. */
        double reference() {
            return (referenceBefore.nsPerFuel() + referenceAfter.nsPerFuel()) / 2;
        }
    }

    /** Runs per sample of an absolute probe. */
    private static final int ABSOLUTE_BATCH = 100;

    /** CPU time each probe runs (both sizes in turns) before it is timed, so the JIT has compiled it. */
    private static final long WARMUP_CPU_NANOS = 400_000_000L;

    private final ExternalTools tools;
    private final boolean quick;
    private final ExecutionThreads threads;
    private final String only;
    private final NnCostTable table;

    /** @param only run only the probes whose name contains this text (all for the empty string) */
    NnFuelCalibration(ExternalTools tools, boolean quick, ExecutionThreads threads, String only) {
        this.tools = tools;
        this.quick = quick;
        this.threads = threads;
        this.only = only;
        this.table = RecordOverrides.apply(
                NnCostTable.class, NnCostTable.V2, System.getProperty("lockstep.bench.nncosts", ""));
    }

    Outcome run() throws Exception {
        FuelCalibration contractFuel = new FuelCalibration(tools, quick, threads);
        System.out.println("nn-fuel: reference (integer arithmetic in a contract)");
        FuelCalibration.Result before = contractFuel.reference();
        System.out.printf("  %.4f ns per fuel%n", before.nsPerFuel());
        List<Result> results = new ArrayList<>();
        for (NnFuelProbe probe : NnFuelProbes.all()) {
            if (!probe.name().contains(only)) {
                continue;
            }
            System.out.println("nn-fuel: " + probe.name());
            Result r = measure(probe);
            System.out.printf(
                    "  %s / %s, fuel %d / %d: %.4f ns per fuel%n",
                    r.low().describe(), r.high().describe(), r.fuelLow(), r.fuelHigh(), r.nsPerFuel());
            results.add(r);
        }
        System.out.println("nn-fuel: reference again");
        FuelCalibration.Result after = contractFuel.reference();
        System.out.printf("  %.4f ns per fuel%n", after.nsPerFuel());
        return new Outcome(table, before, after, results);
    }

    private Result measure(NnFuelProbe probe) throws Exception {
        NnFuelProbe.Model low = probe.model().apply(probe.low());
        NnFuelProbe.Model high = probe.model().apply(probe.high());
        PreparedModel lowModel = prepare(low, table);
        PreparedModel highModel = prepare(high, table);
        NnCostTable counting = unitPrice(probe.price());
        long unitsLow = prepare(low, counting).cost();
        long unitsHigh = prepare(high, counting).cost();
        Sampler.Operation runLow = () -> checked(lowModel, low);
        // An absolute probe runs for well under a microsecond, close to what reading the thread's CPU
        // clock costs: time a batch and divide (the two-size probes cancel the clock's cost instead).
        Sampler.Operation runHigh = probe.absolute()
                ? () -> {
                    long sink = 0;
                    for (int i = 0; i < ABSOLUTE_BATCH; i++) {
                        sink += checked(highModel, high);
                    }
                    return sink;
                }
                : () -> checked(highModel, high);
        List<Sampler.Operation> timed = probe.absolute() ? List.of(runHigh) : List.of(runLow, runHigh);
        long start = SampleClock.now();
        for (int runs = 0; runs < 2 || (!quick && SampleClock.now() - start < WARMUP_CPU_NANOS); runs++) {
            for (Sampler.Operation op : timed) {
                op.run();
            }
        }
        Sampler sampler = quick
                ? new Sampler(20_000_000L, 1, 50_000_000L, 2, 3)
                : new Sampler(100_000_000L, 2, 800_000_000L, 7, 400);
        List<Samples> samples = sampler.measureInTurns(timed);
        Samples lowTimes = probe.absolute() ? Samples.of(0) : samples.get(0);
        Samples highTimes = samples.get(samples.size() - 1);
        if (probe.absolute()) {
            long[] perRun = highTimes.nanos().clone();
            for (int i = 0; i < perRun.length; i++) {
                perRun[i] /= ABSOLUTE_BATCH;
            }
            highTimes = new Samples(perRun);
        }
        return new Result(
                probe,
                RecordOverrides.get(table, probe.price()),
                probe.absolute() ? 0 : lowModel.cost(),
                highModel.cost(),
                probe.absolute() ? 0 : unitsLow,
                unitsHigh,
                lowTimes,
                highTimes);
    }

    private static long checked(PreparedModel model, NnFuelProbe.Model m) {
        RunResult result = model.run(m.inputs());
        if (result.fuelUsed() != model.cost()) {
            throw new IllegalStateException("a run used other fuel than the model's cost");
        }
        return result.outputs().size();
    }

    private static PreparedModel prepare(NnFuelProbe.Model model, NnCostTable table) {
        return PreparedModel.prepare(model.graph().toOnnx(), PrepareOptions.DEFAULT.withCostTable(table));
    }

    /** A table under which a model's fuel is its count of {@code price}'s units: 1 fuel each, all else free. */
    private static NnCostTable unitPrice(String price) {
        NnCostTable free = new NnCostTable(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return RecordOverrides.apply(NnCostTable.class, free, price + "=" + NnCostTable.MILLI);
    }
}
