package io.lockstep.node.execution;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The chain's execution rules, fixed by genesis: gas prices of the things a transaction does, the block
 * gas limit, the base fee, and how contract fuel converts to gas. docs/spec/execution.md explains each.
 *
 * @param chainId the EIP-155 chain id every transaction must carry
 * @param blockGasLimit the most gas the transactions of one block may use together
 * @param baseFeePerGas the fee per gas that is burned (fixed for now; EIP-1559 tips go to the proposer)
 * @param fuelPerGas contract fuel bought by one unit of gas
 */
public record ChainRules(long chainId, long blockGasLimit, BigInteger baseFeePerGas, long fuelPerGas) {

    /** Every transaction. */
    public static final long TX_GAS = 21_000;
    /** A deploy, on top of {@link #TX_GAS}. */
    public static final long DEPLOY_GAS = 32_000;
    /** Per zero byte of calldata. */
    public static final long ZERO_BYTE_GAS = 4;
    /** Per non-zero byte of calldata. */
    public static final long NONZERO_BYTE_GAS = 16;
    /** Per byte of wasm code stored by a deploy. */
    public static final long CODE_BYTE_GAS = 200;
    /** Per byte of ONNX model stored by a registration. */
    public static final long MODEL_BYTE_GAS = 50;
    /** Fuel bought by one gas unless genesis says otherwise. */
    public static final long DEFAULT_FUEL_PER_GAS = 100;

    public ChainRules {
        Objects.requireNonNull(baseFeePerGas, "baseFeePerGas");
        if (chainId <= 0) {
            throw new IllegalArgumentException("chain id must be positive");
        }
        if (blockGasLimit < TX_GAS) {
            throw new IllegalArgumentException("block gas limit below one transaction's gas");
        }
        if (baseFeePerGas.signum() < 0) {
            throw new IllegalArgumentException("base fee must not be negative");
        }
        if (fuelPerGas <= 0) {
            throw new IllegalArgumentException("fuel per gas must be positive");
        }
    }

    /** What a transaction pays before it does anything: the base, a deploy's extra, and its calldata. */
    public static long intrinsicGas(byte[] data, boolean deploy) {
        long gas = TX_GAS + (deploy ? DEPLOY_GAS : 0);
        for (byte b : data) {
            gas += b == 0 ? ZERO_BYTE_GAS : NONZERO_BYTE_GAS;
        }
        return gas;
    }

    /** The fuel {@code gas} buys, saturating rather than overflowing. */
    public long fuelFor(long gas) {
        return gas > Long.MAX_VALUE / fuelPerGas ? Long.MAX_VALUE : gas * fuelPerGas;
    }

    /** The gas {@code fuel} costs: rounded up, so that any fuel used costs something. */
    public long gasFor(long fuel) {
        return fuel / fuelPerGas + (fuel % fuelPerGas == 0 ? 0 : 1);
    }
}
