package io.lockstep.vm;

/**
 * Why a call trapped. Part of a call's consensus result, so the list is append-only and each kind is
 * decided identically by both engines.
 */
public enum TrapKind {
    UNREACHABLE,
    MEMORY_OUT_OF_BOUNDS,
    TABLE_OUT_OF_BOUNDS,
    INTEGER_DIVIDE_BY_ZERO,
    INTEGER_OVERFLOW,
    INVALID_CONVERSION_TO_INTEGER,
    INDIRECT_CALL_TYPE_MISMATCH,
    UNINITIALIZED_ELEMENT,
    UNDEFINED_ELEMENT,
    CALL_STACK_EXHAUSTED,
    /** A host function rejected its arguments (bad pointer, oversized key, too many topics...). */
    HOST_ABI_VIOLATION,
    /** Instantiation failed: a data or element segment does not fit. */
    INSTANTIATION_FAILED
}
