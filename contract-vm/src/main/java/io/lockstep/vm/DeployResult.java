package io.lockstep.vm;

import java.util.Objects;

/** The result of deploying a module: its prepared code, or the reason it was refused. */
public sealed interface DeployResult permits DeployResult.Deployed, DeployResult.Rejected {

    record Deployed(DeployedCode code) implements DeployResult {
        public Deployed {
            Objects.requireNonNull(code, "code");
        }
    }

    record Rejected(RejectReason reason, String message) implements DeployResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
