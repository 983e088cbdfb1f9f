package io.lockstep.vm.spec;

import io.lockstep.vm.TrapKind;
import java.util.LinkedHashMap;
import java.util.Map;

/** The spec suite's trap texts and the {@link TrapKind} each one means. */
final class TrapTexts {

    private static final Map<String, TrapKind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("unreachable", TrapKind.UNREACHABLE);
        KINDS.put("out of bounds memory access", TrapKind.MEMORY_OUT_OF_BOUNDS);
        KINDS.put("out of bounds table access", TrapKind.TABLE_OUT_OF_BOUNDS);
        KINDS.put("integer divide by zero", TrapKind.INTEGER_DIVIDE_BY_ZERO);
        KINDS.put("integer overflow", TrapKind.INTEGER_OVERFLOW);
        KINDS.put("invalid conversion to integer", TrapKind.INVALID_CONVERSION_TO_INTEGER);
        KINDS.put("indirect call type mismatch", TrapKind.INDIRECT_CALL_TYPE_MISMATCH);
        KINDS.put("uninitialized element", TrapKind.UNINITIALIZED_ELEMENT);
        KINDS.put("undefined element", TrapKind.UNDEFINED_ELEMENT);
        KINDS.put("call stack exhausted", TrapKind.CALL_STACK_EXHAUSTED);
    }

    private TrapTexts() {}

    /** The kind an assertion's text names ("uninitialized element 2" names UNINITIALIZED_ELEMENT), or null. */
    static TrapKind expected(String text) {
        if (text == null) {
            return null;
        }
        for (Map.Entry<String, TrapKind> e : KINDS.entrySet()) {
            if (text.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** For engines without a classifier of their own: the kind whose text a trap message contains, or null. */
    static TrapKind classify(String message) {
        if (message == null) {
            return null;
        }
        for (Map.Entry<String, TrapKind> e : KINDS.entrySet()) {
            if (message.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
