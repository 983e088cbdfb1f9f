package io.lockstep.vm;

import java.util.Objects;

/**
 * What a contract can learn about the call it is running in, through the host ABI. Addresses are 20
 * bytes, {@code value} a 32-byte big-endian unsigned integer, as on Ethereum.
 */
public record CallContext(
        byte[] caller,
        byte[] self,
        byte[] value,
        long blockHeight,
        long blockTimeSeconds,
        byte[] input,
        ContractStorage storage) {

    private static final byte[] ZERO_ADDRESS = new byte[20];
    private static final byte[] ZERO_VALUE = new byte[32];

    public CallContext {
        caller = checkLength(caller, 20, "caller");
        self = checkLength(self, 20, "self");
        value = checkLength(value, 32, "value");
        input = Objects.requireNonNull(input, "input").clone();
        Objects.requireNonNull(storage, "storage");
        if (blockHeight < 0 || blockTimeSeconds < 0) {
            throw new IllegalArgumentException("block height and time are non-negative");
        }
    }

    /** A context with zero addresses, no value, block 0 and empty input: for running plain modules. */
    public static CallContext empty(ContractStorage storage) {
        return new CallContext(ZERO_ADDRESS, ZERO_ADDRESS, ZERO_VALUE, 0, 0, new byte[0], storage);
    }

    private static byte[] checkLength(byte[] bytes, int length, String what) {
        Objects.requireNonNull(bytes, what);
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + bytes.length);
        }
        return bytes.clone();
    }

    @Override
    public byte[] caller() {
        return caller.clone();
    }

    @Override
    public byte[] self() {
        return self.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public byte[] input() {
        return input.clone();
    }
}
