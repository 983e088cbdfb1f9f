package io.lockstep.benchmarks;

import io.lockstep.vm.CallContext;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.CostTable;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.Engine;
import io.lockstep.vm.InMemoryContractStorage;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.internal.ContractCall;
import io.lockstep.vm.internal.ExecutionThreads;
import io.lockstep.vm.internal.PreparedModule;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Task: does a unit of fuel cost the same time whatever the work? Runs every {@link FuelProbe}
 * instrumented on Chicory's compiler and reports nanoseconds per fuel unit for each class of the cost
 * table, and the cost each class would need for its time per fuel to equal that of plain integer
 * arithmetic (whose cost, 1, defines the unit).
 */
final class FuelCalibration {

    /** What one probe measured. */
    record Result(
            FuelProbe probe,
            int currentCost,
            long fuelLow,
            long fuelHigh,
            Samples low,
            Samples high,
            double nsPerFuel) {

        /** Nanoseconds per snippet copy. */
        double nsPerCopy() {
            return (high.median() - (probe.way() == FuelProbe.Way.ABSOLUTE_CONTRACT_CALL ? 0 : low.median()))
                    / copies();
        }

        double fuelPerCopy() {
            return (fuelHigh - fuelLow) / copies();
        }

        private double copies() {
            return (double) (probe.high() - probe.low()) * probe.runsPerCopy();
        }

        /** The time of one unit of the class, the rest of the snippet taken at {@code reference} ns per fuel. */
        double nsPerUnit(double reference) {
            double otherFuel = fuelPerCopy() - (double) probe.unitsPerCopy() * currentCost;
            return (nsPerCopy() - otherFuel * reference) / probe.unitsPerCopy();
        }
    }

    private final ExternalTools tools;
    private final boolean quick;
    private final ExecutionThreads threads;
    private final CostTable costs;

    FuelCalibration(ExternalTools tools, boolean quick, ExecutionThreads threads) {
        this.tools = tools;
        this.quick = quick;
        this.threads = threads;
        this.costs = CostOverrides.fromSystemProperty();
    }

    String run() throws Exception {
        List<Result> results = new ArrayList<>();
        CallContext context = probeContext();
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT.withCosts(costs))) {
            for (FuelProbe probe : FuelProbes.all()) {
                System.out.println("fuel: " + probe.name());
                Result r = measure(vm, probe, context);
                System.out.printf(
                        "  %s / %s, fuel %d / %d: %.4f ns per fuel%n",
                        r.low().describe(), r.high().describe(), r.fuelLow(), r.fuelHigh(), r.nsPerFuel());
                results.add(r);
            }
        }
        return FuelReport.markdown(results, costs);
    }

    /**
     * The integer-arithmetic probe alone: the contract VM's reference rate (ns per fuel), against which
     * other schedules (inference) are calibrated in the same run.
     */
    Result reference() throws Exception {
        FuelProbe simple = FuelProbes.all().stream()
                .filter(p -> p.costClass().equals("simple"))
                .findFirst()
                .orElseThrow();
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT.withCosts(costs))) {
            return measure(vm, simple, probeContext());
        }
    }

    private static CallContext probeContext() {
        InMemoryContractStorage storage = new InMemoryContractStorage();
        for (int k = 0; k < FuelProbes.STORED_KEYS; k++) {
            byte[] key = new byte[32];
            key[0] = (byte) k;
            storage.put(key, new byte[32]);
        }
        byte[] input = new byte[FuelProbes.HOST_INPUT_BYTES];
        return new CallContext(new byte[20], new byte[20], new byte[32], 1, 1, input, storage);
    }

    private Result measure(ContractVm vm, FuelProbe probe, CallContext context) throws Exception {
        String slug = probe.costClass();
        DeployedCode low = deploy(vm, slug + "-low", probe.wat().apply(probe.low()));
        DeployedCode high = deploy(vm, slug + "-high", probe.wat().apply(probe.high()));
        Sampler sampler = quick
                ? new Sampler(100_000_000L, 2, 100_000_000L, 3, 5)
                : new Sampler(1_000_000_000L, 5, 1_500_000_000L, 9, 61);
        long[] fuel = new long[2];
        Samples[] times = new Samples[2];
        DeployedCode[] codes = {low, high};
        // Alternate the two sizes twice so that slow drift (JIT, a busy neighbour) hits both alike.
        for (int round = 0; round < 2; round++) {
            for (int v = 0; v < 2; v++) {
                if (probe.way() == FuelProbe.Way.ABSOLUTE_CONTRACT_CALL && v == 0) {
                    continue;
                }
                DeployedCode code = codes[v];
                int variant = v;
                Samples s;
                if (probe.way() == FuelProbe.Way.INSTANCE) {
                    s = threads.run(() -> {
                        LoadedModule module = LoadedModule.instrumented((PreparedModule) code, Engine.COMPILED);
                        module.call("run");
                        fuel[variant] = module.lastFuelUsed();
                        return sampler.measure(() -> module.call("run"));
                    });
                } else {
                    // The contract path without the hand-over to the VM's own threads, so that the
                    // measuring thread is the one doing the work (see SampleClock).
                    PreparedModule prepared = (PreparedModule) code;
                    s = threads.run(() -> sampler.measure(() -> {
                        CallOutcome outcome = ContractCall.run(
                                prepared, Engine.COMPILED, "run", List.of(), context, costs, LoadedModule.FUEL);
                        if (!(outcome instanceof CallOutcome.Success)) {
                            throw new IllegalStateException(probe.name() + " did not succeed: " + outcome);
                        }
                        fuel[variant] = outcome.fuelUsed();
                        return outcome.fuelUsed();
                    }));
                }
                times[v] = round == 0 ? s : merge(times[v], s);
            }
        }
        double nsPerFuel;
        if (probe.way() == FuelProbe.Way.ABSOLUTE_CONTRACT_CALL) {
            fuel[0] = 0;
            times[0] = Samples.of(0);
            nsPerFuel = times[1].median() / fuel[1];
        } else {
            nsPerFuel = (times[1].median() - times[0].median()) / (fuel[1] - fuel[0]);
        }
        return new Result(
                probe, CostOverrides.get(costs, probe.costClass()), fuel[0], fuel[1], times[0], times[1], nsPerFuel);
    }

    private static Samples merge(Samples a, Samples b) {
        long[] all = new long[a.count() + b.count()];
        System.arraycopy(a.nanos(), 0, all, 0, a.count());
        System.arraycopy(b.nanos(), 0, all, a.count(), b.count());
        return new Samples(all);
    }

    private DeployedCode deploy(ContractVm vm, String name, String wat) throws Exception {
        byte[] bytes = Files.readAllBytes(tools.assemble("probe-" + name, wat));
        DeployResult result = vm.deploy(bytes);
        if (!(result instanceof DeployResult.Deployed deployed)) {
            throw new IllegalStateException("probe " + name + " was rejected: " + result);
        }
        return deployed.code();
    }
}
