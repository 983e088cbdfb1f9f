package io.lockstep.vm;

/** Why a module was refused at deploy time. Append-only: it is part of a deploy's consensus result. */
public enum RejectReason {
    /** Not a well-formed WebAssembly binary. */
    MALFORMED,
    /** Well-formed but fails WebAssembly validation. */
    INVALID,
    /** Uses a feature the chain has not made deterministic (SIMD, threads, GC, exceptions, ...). */
    FEATURE_NOT_ALLOWED,
    /** Exceeds a size or count limit. */
    LIMIT_EXCEEDED,
    /** Imports something other than the host ABI. */
    IMPORT_NOT_ALLOWED
}
