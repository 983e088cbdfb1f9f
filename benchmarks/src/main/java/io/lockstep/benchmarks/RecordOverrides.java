package io.lockstep.benchmarks;

import java.lang.reflect.RecordComponent;

/**
 * Changes named numeric components of a cost-table record from text such as {@code perMac=450,nodeBase=9}:
 * how a calibration tries a candidate table without rebuilding the module that defines it.
 */
final class RecordOverrides {

    private RecordOverrides() {}

    /** A copy of {@code base} with the listed components replaced; int and long components only. */
    static <R extends Record> R apply(Class<R> type, R base, String overrides) {
        RecordComponent[] components = type.getRecordComponents();
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
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected name=value, got '" + pair + "'");
                }
                int index = indexOf(type, components, kv[0].trim());
                long value = Long.parseLong(kv[1].trim());
                values[index] = types[index] == int.class ? (Object) Math.toIntExact(value) : (Object) value;
            }
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a " + type.getSimpleName() + " from '" + overrides + "'", e);
        }
    }

    /** The value of one named int or long component. */
    static <R extends Record> long get(R table, String name) {
        try {
            RecordComponent[] components = table.getClass().getRecordComponents();
            Object value = components[indexOf(table.getClass(), components, name)]
                    .getAccessor()
                    .invoke(table);
            return ((Number) value).longValue();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(Class<?> type, RecordComponent[] components, String name) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no component " + name);
    }
}
