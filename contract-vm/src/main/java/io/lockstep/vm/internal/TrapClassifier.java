package io.lockstep.vm.internal;

import io.lockstep.vm.TrapKind;
import java.util.Locale;

/** Maps the runtime's trap messages to {@link TrapKind}s; both engines use the spec's wording. */
final class TrapClassifier {

    private TrapClassifier() {}

    static TrapKind classify(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("unreachable")) {
            return TrapKind.UNREACHABLE;
        }
        if (m.contains("out of bounds memory") || m.contains("memory access out of bounds")) {
            return TrapKind.MEMORY_OUT_OF_BOUNDS;
        }
        if (m.contains("divide by zero") || m.contains("division by zero") || m.contains("/ by zero")) {
            return TrapKind.INTEGER_DIVIDE_BY_ZERO;
        }
        if (m.contains("integer overflow")) {
            return TrapKind.INTEGER_OVERFLOW;
        }
        if (m.contains("invalid conversion")) {
            return TrapKind.INVALID_CONVERSION_TO_INTEGER;
        }
        if (m.contains("indirect call type mismatch") || m.contains("signature mismatch")) {
            return TrapKind.INDIRECT_CALL_TYPE_MISMATCH;
        }
        if (m.contains("uninitialized element")) {
            return TrapKind.UNINITIALIZED_ELEMENT;
        }
        if (m.contains("undefined element")) {
            return TrapKind.UNDEFINED_ELEMENT;
        }
        if (m.contains("out of bounds table") || m.contains("table index is out of bounds")) {
            return TrapKind.TABLE_OUT_OF_BOUNDS;
        }
        if (m.contains("call stack exhausted")) {
            return TrapKind.CALL_STACK_EXHAUSTED;
        }
        return null;
    }
}
