package io.lockstep.node.mempool;

import io.lockstep.core.chain.Hash32;
import java.util.Objects;

/** What {@link Mempool#add} did with a transaction. */
public sealed interface Admission {

    record Accepted(Hash32 hash) implements Admission {}

    record Rejected(Rejection reason, String detail) implements Admission {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        public String message() {
            return detail.isEmpty() ? reason.message() : reason.message() + ": " + detail;
        }
    }
}
