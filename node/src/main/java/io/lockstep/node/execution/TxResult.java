package io.lockstep.node.execution;

import io.lockstep.core.chain.Receipt;
import io.lockstep.vm.InferenceRecord;
import java.util.List;
import java.util.Objects;

/** A transaction's fate in a block: included with its receipt, or not includable at all. */
public sealed interface TxResult {

    /**
     * Included: it paid for its gas and its receipt says what it did; {@code inferences} are the WASI-NN
     * runs of a successful contract execution, which the chain indexes beside the receipt.
     */
    record Included(Receipt receipt, List<InferenceRecord> inferences) implements TxResult {
        public Included {
            Objects.requireNonNull(receipt, "receipt");
            inferences = List.copyOf(inferences);
        }
    }

    /** Not includable in this block; a proposal containing it is invalid. */
    record Invalid(InvalidReason reason, String detail) implements TxResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        public String message() {
            return detail.isEmpty() ? reason.message() : reason.message() + ": " + detail;
        }
    }
}
