package io.lockstep.benchmarks;

import io.lockstep.vm.CostTable;
import java.lang.reflect.RecordComponent;

/**
 * A cost table to try without rebuilding the contract VM: {@code -Dlockstep.bench.costs=branch=3,call=20}
 * changes those components of {@link CostTable#V5}. Calibration runs with candidate tables this way;
 * the chosen numbers then go into {@code V2}.
 */
final class CostOverrides {

    private CostOverrides() {}

    static CostTable fromSystemProperty() {
        return apply(CostTable.V5, System.getProperty("lockstep.bench.costs", ""));
    }

    static CostTable apply(CostTable base, String overrides) {
        RecordComponent[] components = CostTable.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(base);
                types[i] = components[i].getType();
            }
            for (String pair : overrides.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                String[] kv = pair.trim().split("=");
                int index = indexOf(components, kv[0]);
                values[index] = Integer.parseInt(kv[1]);
            }
            return CostTable.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a cost table from '" + overrides + "'", e);
        }
    }

    /** The value of one named component. */
    static int get(CostTable table, String name) {
        try {
            RecordComponent[] components = CostTable.class.getRecordComponents();
            return (Integer) components[indexOf(components, name)].getAccessor().invoke(table);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("CostTable has no component " + name);
    }
}
