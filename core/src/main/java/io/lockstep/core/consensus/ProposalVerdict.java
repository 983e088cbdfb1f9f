package io.lockstep.core.consensus;

import java.util.Objects;

/** Whether a validator votes for a proposal: it re-executed the block and got the header's results. */
public sealed interface ProposalVerdict {

    record Accept() implements ProposalVerdict {}

    /** @param reason what differs or is invalid, e.g. {@code state root 0x… differs from executed 0x…} */
    record Reject(String reason) implements ProposalVerdict {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }
    }

    ProposalVerdict ACCEPT = new Accept();
}
