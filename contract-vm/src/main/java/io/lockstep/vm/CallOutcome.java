package io.lockstep.vm;

import java.util.List;
import java.util.Objects;

/**
 * The consensus result of one contract call: every validator must reach the same variant, the same fuel
 * used and the same payload. Storage writes are applied only on {@link Success}.
 */
public sealed interface CallOutcome
        permits CallOutcome.Success, CallOutcome.Reverted, CallOutcome.OutOfFuel, CallOutcome.Trapped {

    /** Fuel charged, including instantiation; never more than the fuel the caller supplied. */
    long fuelUsed();

    /** Short status word used on the wire: {@code success}, {@code reverted}, {@code out_of_fuel}, {@code trapped}. */
    String status();

    /**
     * The export returned normally. {@code inferences} are the WASI-NN computes it ran, in order; like its
     * logs they are kept only for a success.
     */
    record Success(
            long fuelUsed,
            List<WasmValue> results,
            byte[] returnData,
            List<LogEntry> logs,
            List<InferenceRecord> inferences)
            implements CallOutcome {
        public Success {
            results = List.copyOf(results);
            returnData = returnData.clone();
            logs = List.copyOf(logs);
            inferences = List.copyOf(inferences);
        }

        /** A success that ran no inference. */
        public Success(long fuelUsed, List<WasmValue> results, byte[] returnData, List<LogEntry> logs) {
            this(fuelUsed, results, returnData, logs, List.of());
        }

        @Override
        public byte[] returnData() {
            return returnData.clone();
        }

        @Override
        public String status() {
            return "success";
        }
    }

    /** The contract called {@code revert}; {@code reason} is the data it passed (Solidity-style when ABI-encoded). */
    record Reverted(long fuelUsed, byte[] reason) implements CallOutcome {
        public Reverted {
            reason = reason.clone();
        }

        @Override
        public byte[] reason() {
            return reason.clone();
        }

        @Override
        public String status() {
            return "reverted";
        }
    }

    /** The call ran out of fuel; all supplied fuel is consumed. */
    record OutOfFuel(long fuelUsed) implements CallOutcome {
        @Override
        public String status() {
            return "out_of_fuel";
        }
    }

    /** The module trapped. */
    record Trapped(long fuelUsed, TrapKind kind, String message) implements CallOutcome {
        public Trapped {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String status() {
            return "trapped";
        }
    }
}
