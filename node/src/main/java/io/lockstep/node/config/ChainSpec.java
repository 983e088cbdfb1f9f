package io.lockstep.node.config;

import java.math.BigInteger;

/**
 * The defaults and bounds of a genesis file, in one place. A value here only fills a field that a
 * genesis file leaves out; what a chain runs is what its genesis says, and {@code lockstep init} always
 * writes every field out, so that a later release with other defaults reads the same chain.
 */
public final class ChainSpec {

    /** The chain id of development chains ({@code lockstep init}, {@code lockstep dev}), as Ganache and Hardhat use. */
    public static final long DEV_CHAIN_ID = 1337;

    /**
     * The largest chain id: 2^53 - 1, the largest integer a JavaScript number holds exactly, since wallets
     * and ethers handle chain ids as numbers.
     */
    public static final long MAX_CHAIN_ID = (1L << 53) - 1;

    public static final long DEFAULT_BLOCK_GAS_LIMIT = 30_000_000;

    /** The intrinsic gas of a plain transfer: a block limit below it could never hold a transaction. */
    public static final long MIN_BLOCK_GAS_LIMIT = 21_000;

    /** 1 gwei. The chain keeps the base fee fixed at its genesis value for now. */
    public static final BigInteger DEFAULT_BASE_FEE_PER_GAS = BigInteger.TEN.pow(9);

    /** The voting power of a chain's single validator, as lockstep init and the dev chain set it. */
    public static final long SINGLE_VALIDATOR_POWER = 1;

    /** 10^18 wei: the unit balances are shown in. */
    public static final BigInteger WEI_PER_ETHER = BigInteger.TEN.pow(18);

    /**
     * The bound on the validators' total voting power, as in Tendermint: sums and weighted tallies of
     * powers then never overflow a signed 64-bit integer.
     */
    public static final long MAX_TOTAL_VOTING_POWER = Long.MAX_VALUE / 8;

    // The numeric behaviour a chain runs (DESIGN "Determinism", rule 5). Placeholders holding the VM's
    // versions at the time of writing: the chain's engineer wires them to the VM's own version constants
    // (the instrumenter's version is internal to contract-vm today). ChainSpecTest fails when a public
    // one drifts, because a new default here changes what a genesis without a vm block means.

    /** The contract VM's instrumentation (fuel injection, NaN canonicalization, stack limit) version. */
    public static final int INSTRUMENTATION_VERSION = 4;

    /** The contract VM's fuel cost table ({@code CostTable.version()}). */
    public static final int COST_SCHEDULE_VERSION = 6;

    /** The deterministic-nn kernel set ({@code PreparedModel.KERNEL_SET}). */
    public static final String NN_KERNEL_VERSION = "nn-2";

    /** The inference fuel schedule ({@code NnCostTable.version()}). */
    public static final int NN_COST_SCHEDULE_VERSION = 2;

    private ChainSpec() {}
}
