package io.lockstep.benchmarks;

import io.lockstep.vm.CostTable;

/**
 * A cost table to try without rebuilding the contract VM: {@code -Dlockstep.bench.costs=branch=3,call=20}
 * changes those components of {@link CostTable#V6}. Calibration runs with candidate tables this way;
 * the chosen numbers then go into a new version.
 */
final class CostOverrides {

    private CostOverrides() {}

    static CostTable fromSystemProperty() {
        return apply(CostTable.V6, System.getProperty("lockstep.bench.costs", ""));
    }

    static CostTable apply(CostTable base, String overrides) {
        return RecordOverrides.apply(CostTable.class, base, overrides);
    }

    /** The value of one named component. */
    static int get(CostTable table, String name) {
        return Math.toIntExact(RecordOverrides.get(table, name));
    }
}
