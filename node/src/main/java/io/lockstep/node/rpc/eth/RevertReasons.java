package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.StrictUtf8;
import io.lockstep.node.rpc.RpcException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;

/** Revert data as Ethereum clients report it: the {@code Error(string)} reason decoded into the message. */
final class RevertReasons {

    private static final byte[] ERROR_SELECTOR = {0x08, (byte) 0xc3, 0x79, (byte) 0xa0};

    private RevertReasons() {}

    static RpcException exception(byte[] output) {
        return reason(output).map(r -> RpcException.reverted(r, output)).orElseGet(() -> RpcException.reverted(output));
    }

    /** The string of an ABI-encoded {@code Error(string)}, if {@code output} is one. */
    static Optional<String> reason(byte[] output) {
        if (output.length < 4 + 64 || !Arrays.equals(Arrays.copyOf(output, 4), ERROR_SELECTOR)) {
            return Optional.empty();
        }
        BigInteger offset = new BigInteger(1, Arrays.copyOfRange(output, 4, 36));
        if (!offset.equals(BigInteger.valueOf(32))) {
            return Optional.empty();
        }
        BigInteger length = new BigInteger(1, Arrays.copyOfRange(output, 36, 68));
        if (length.compareTo(BigInteger.valueOf(output.length - 68L)) > 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(StrictUtf8.decode(Arrays.copyOfRange(output, 68, 68 + length.intValue())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
