package io.lockstep.node.config;

import io.lockstep.core.chain.Address;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules a chain starts from, which every validator must share: chain id, the first block's time, the
 * block gas limit and base fee, the funded accounts, the validators and the numeric behaviour of the VM.
 * Two nodes compare their genesis by {@link #hash()}. Validated on construction; {@link GenesisFile}
 * reads and writes it as YAML.
 *
 * @param chainId the EIP-155 chain id transactions are signed for, 1 to {@link ChainSpec#MAX_CHAIN_ID}
 * @param genesisTime the first block's time, seconds since the Unix epoch
 * @param blockGasLimit the most gas a block may use
 * @param baseFeePerGas the EIP-1559 base fee in wei per gas, fixed at this value for now
 * @param alloc the accounts funded at genesis, in the order written; an address appears once
 * @param validators who signs blocks, with their voting power; at least one, each address once
 * @param vm the versions of the VM's numeric behaviour the chain runs
 */
public record Genesis(
        long chainId,
        long genesisTime,
        long blockGasLimit,
        BigInteger baseFeePerGas,
        List<Allocation> alloc,
        List<Validator> validators,
        Vm vm) {

    /** The last second of the year 9999: a genesis time past it is a mistake (milliseconds, most likely). */
    public static final long MAX_GENESIS_TIME = 253_402_300_799L;

    /** Prefixes the canonical encoding, so that a change of encoding can never collide with this one. */
    private static final byte[] ENCODING_TAG = "lockstep-genesis-v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * An account funded at genesis.
     *
     * @param balance in wei, below 2^256
     */
    public record Allocation(Address address, BigInteger balance) {
        public Allocation {
            Require.present("address", address);
            Require.present("balance", balance);
            try {
                Scalars.checkUint256(balance);
            } catch (ConfigException e) {
                throw e.under("balance");
            }
        }
    }

    /**
     * A validator.
     *
     * @param power its voting power, 1 to {@link ChainSpec#MAX_TOTAL_VOTING_POWER}
     */
    public record Validator(Address address, long power) {
        public Validator {
            Require.present("address", address);
            Require.between("power", power, 1, ChainSpec.MAX_TOTAL_VOTING_POWER);
        }
    }

    /**
     * The numeric behaviour of contract execution, named so that a change which alters results or fuel
     * is a chain upgrade, never an accident of which release a validator runs.
     *
     * @param instrumentationVersion the contract VM's instrumentation (fuel, NaN canonicalization, stack)
     * @param costScheduleVersion the contract VM's fuel cost table
     * @param nnKernelVersion the deterministic-nn kernel set, such as {@code nn-2}
     * @param nnCostScheduleVersion the inference fuel schedule
     */
    public record Vm(
            int instrumentationVersion, int costScheduleVersion, String nnKernelVersion, int nnCostScheduleVersion) {

        // Before DEFAULT: static fields initialize in order, and DEFAULT's constructor uses it.
        private static final Pattern KERNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,31}");

        /** The versions this release runs ({@link ChainSpec}). */
        public static final Vm DEFAULT = new Vm(
                ChainSpec.INSTRUMENTATION_VERSION,
                ChainSpec.COST_SCHEDULE_VERSION,
                ChainSpec.NN_KERNEL_VERSION,
                ChainSpec.NN_COST_SCHEDULE_VERSION);

        public Vm {
            Require.between("instrumentationVersion", instrumentationVersion, 1, Integer.MAX_VALUE);
            Require.between("costScheduleVersion", costScheduleVersion, 1, Integer.MAX_VALUE);
            Require.present("nnKernelVersion", nnKernelVersion);
            if (!KERNEL_NAME.matcher(nnKernelVersion).matches()) {
                throw new ConfigException(
                        "nnKernelVersion",
                        "expected up to 32 of a-z, 0-9, '.' and '-' (such as " + ChainSpec.NN_KERNEL_VERSION
                                + "), got '" + nnKernelVersion + "'");
            }
            Require.between("nnCostScheduleVersion", nnCostScheduleVersion, 1, Integer.MAX_VALUE);
        }
    }

    public Genesis {
        Require.between("chainId", chainId, 1, ChainSpec.MAX_CHAIN_ID);
        Require.between("genesisTime", genesisTime, 0, MAX_GENESIS_TIME);
        Require.between("blockGasLimit", blockGasLimit, ChainSpec.MIN_BLOCK_GAS_LIMIT, Long.MAX_VALUE);
        Require.present("baseFeePerGas", baseFeePerGas);
        try {
            Scalars.checkUint256(baseFeePerGas);
        } catch (ConfigException e) {
            throw e.under("baseFeePerGas");
        }
        alloc = List.copyOf(Require.present("alloc", alloc));
        validators = List.copyOf(Require.present("validators", validators));
        Require.present("vm", vm);
        checkAlloc(alloc);
        checkValidators(validators);
    }

    /** A genesis with the default gas limit, base fee and VM versions. */
    public static Genesis of(long chainId, long genesisTime, List<Allocation> alloc, List<Validator> validators) {
        return new Genesis(
                chainId,
                genesisTime,
                ChainSpec.DEFAULT_BLOCK_GAS_LIMIT,
                ChainSpec.DEFAULT_BASE_FEE_PER_GAS,
                alloc,
                validators,
                Vm.DEFAULT);
    }

    /** SHA-256 of {@link #canonicalEncoding()}: equal for two genesis files exactly when they set the same chain. */
    public byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonicalEncoding());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** {@link #hash()} as {@code 0x} and 64 hex digits. */
    public String hashHex() {
        return "0x" + HexFormat.of().formatHex(hash());
    }

    /**
     * The bytes {@link #hash()} hashes; every integer is unsigned big-endian, lists keep their order:
     *
     * <pre>
     * u8 19, "lockstep-genesis-v1" (ASCII)
     * u64 chainId, u64 genesisTime, u64 blockGasLimit, u256 baseFeePerGas
     * u32 count, then per allocation: address (20 bytes), u256 balance
     * u32 count, then per validator:  address (20 bytes), u64 power
     * u32 instrumentationVersion, u32 costScheduleVersion,
     * u8 length, nnKernelVersion (ASCII), u32 nnCostScheduleVersion
     * </pre>
     *
     * Formatting, comments, key order and the number syntax of the YAML file do not enter it.
     */
    public byte[] canonicalEncoding() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ENCODING_TAG.length);
        out.writeBytes(ENCODING_TAG);
        out.writeBytes(ByteBuffer.allocate(3 * Long.BYTES)
                .putLong(chainId)
                .putLong(genesisTime)
                .putLong(blockGasLimit)
                .array());
        out.writeBytes(uint256(baseFeePerGas));
        out.writeBytes(uint32(alloc.size()));
        for (Allocation allocation : alloc) {
            out.writeBytes(allocation.address().bytes());
            out.writeBytes(uint256(allocation.balance()));
        }
        out.writeBytes(uint32(validators.size()));
        for (Validator validator : validators) {
            out.writeBytes(validator.address().bytes());
            out.writeBytes(
                    ByteBuffer.allocate(Long.BYTES).putLong(validator.power()).array());
        }
        out.writeBytes(uint32(vm.instrumentationVersion()));
        out.writeBytes(uint32(vm.costScheduleVersion()));
        byte[] kernel = vm.nnKernelVersion().getBytes(StandardCharsets.US_ASCII);
        out.write(kernel.length);
        out.writeBytes(kernel);
        out.writeBytes(uint32(vm.nnCostScheduleVersion()));
        return out.toByteArray();
    }

    /** The sum of the genesis balances: the native token's supply at height 0. */
    public BigInteger totalSupply() {
        return alloc.stream().map(Allocation::balance).reduce(BigInteger.ZERO, BigInteger::add);
    }

    private static void checkAlloc(List<Allocation> alloc) {
        Map<Address, Integer> seen = new HashMap<>();
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < alloc.size(); i++) {
            Allocation allocation = Objects.requireNonNull(alloc.get(i), "alloc[" + i + "]");
            Integer first = seen.putIfAbsent(allocation.address(), i);
            if (first != null) {
                throw new ConfigException(
                        "alloc[" + i + "].address",
                        allocation.address().toChecksumHex() + " is already funded by alloc[" + first
                                + "]; merge the two");
            }
            total = total.add(allocation.balance());
        }
        if (total.compareTo(Scalars.TWO_TO_THE_256) >= 0) {
            // Any account could come to hold the whole supply, so the supply must fit a balance.
            throw new ConfigException("alloc", "the balances add up to 2^256 or more; the total must fit in 256 bits");
        }
    }

    private static void checkValidators(List<Validator> validators) {
        if (validators.isEmpty()) {
            throw new ConfigException("validators", "at least one validator is required");
        }
        Map<Address, Integer> seen = new HashMap<>();
        long total = 0;
        for (int i = 0; i < validators.size(); i++) {
            Validator validator = Objects.requireNonNull(validators.get(i), "validators[" + i + "]");
            Integer first = seen.putIfAbsent(validator.address(), i);
            if (first != null) {
                throw new ConfigException(
                        "validators[" + i + "].address",
                        validator.address().toChecksumHex() + " is already validators[" + first + "]");
            }
            // Each power is at most the bound, so the running sum cannot overflow before it is checked.
            total += validator.power();
            if (total > ChainSpec.MAX_TOTAL_VOTING_POWER) {
                throw new ConfigException(
                        "validators", "the total voting power must not exceed " + ChainSpec.MAX_TOTAL_VOTING_POWER);
            }
        }
    }

    private static byte[] uint32(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }

    private static byte[] uint256(BigInteger value) {
        byte[] magnitude = value.toByteArray();
        byte[] out = new byte[32];
        // toByteArray may add a leading zero sign byte or be shorter than 32 bytes; copy the low 32 bytes.
        int length = Math.min(magnitude.length, 32);
        System.arraycopy(magnitude, magnitude.length - length, out, 32 - length, length);
        return out;
    }
}
