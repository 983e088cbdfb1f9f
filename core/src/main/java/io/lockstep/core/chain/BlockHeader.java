package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.Hex;
import io.lockstep.core.chain.internal.RlpFields;
import io.lockstep.core.chain.internal.RlpReader;
import io.lockstep.core.chain.internal.RlpWriter;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpType;

/**
 * A block's header: what the proposer commits to after executing the block, and what validators compare
 * after re-executing it. Its hash is the block's hash.
 *
 * @param parentHash the previous block's hash (zero for genesis)
 * @param height the block number (0 for genesis)
 * @param timestamp seconds since the Unix epoch, as the proposer set it
 * @param proposer the validator that proposed the block
 * @param stateRoot the state tree's root after the block's transactions
 * @param transactionsRoot the {@link ListRoot} over the transactions' raw bytes
 * @param receiptsRoot the {@link ListRoot} over the receipts' encodings
 * @param logsBloom the bloom of every log of the block
 * @param gasUsed gas the block's transactions used
 * @param gasLimit the most gas the block's transactions may use
 * @param baseFeePerGas the EIP-1559 base fee of this block
 * @param fuelUsed contract fuel the block's transactions used
 * @param extraData up to 32 bytes the proposer chose; copied in and out
 */
public record BlockHeader(
        Hash32 parentHash,
        long height,
        long timestamp,
        Address proposer,
        Hash32 stateRoot,
        Hash32 transactionsRoot,
        Hash32 receiptsRoot,
        Bloom logsBloom,
        long gasUsed,
        long gasLimit,
        BigInteger baseFeePerGas,
        long fuelUsed,
        byte[] extraData) {

    /** Most bytes of {@link #extraData()}, as in Ethereum. */
    public static final int MAX_EXTRA_DATA = 32;

    private static final int FIELDS = 13;

    public BlockHeader {
        Objects.requireNonNull(parentHash, "parent hash");
        Objects.requireNonNull(proposer, "proposer");
        Objects.requireNonNull(stateRoot, "state root");
        Objects.requireNonNull(transactionsRoot, "transactions root");
        Objects.requireNonNull(receiptsRoot, "receipts root");
        Objects.requireNonNull(logsBloom, "logs bloom");
        Objects.requireNonNull(baseFeePerGas, "base fee per gas");
        Objects.requireNonNull(extraData, "extra data");
        if (height < 0 || timestamp < 0 || gasUsed < 0 || gasLimit < 0 || fuelUsed < 0) {
            throw new IllegalArgumentException("height, timestamp, gas and fuel are not negative: height " + height
                    + ", timestamp " + timestamp + ", gas used " + gasUsed + ", gas limit " + gasLimit
                    + ", fuel used " + fuelUsed);
        }
        if (baseFeePerGas.signum() < 0 || baseFeePerGas.bitLength() > 256) {
            throw new IllegalArgumentException("base fee per gas is not in [0, 2^256): " + baseFeePerGas);
        }
        if (extraData.length > MAX_EXTRA_DATA) {
            throw new IllegalArgumentException(
                    "extra data is at most " + MAX_EXTRA_DATA + " bytes, got " + extraData.length);
        }
        extraData = extraData.clone();
    }

    /** A copy of the extra data. */
    @Override
    public byte[] extraData() {
        return extraData.clone();
    }

    /**
     * The canonical encoding: an RLP list of the fields in declaration order; hashes, the proposer, the
     * bloom and the extra data as byte strings, numbers as minimal big-endian integers.
     */
    public byte[] encode() {
        return RlpWriter.encode(rlp());
    }

    RlpList rlp() {
        return RlpWriter.list(
                RlpWriter.bytes(parentHash.bytes()),
                RlpWriter.uint(height),
                RlpWriter.uint(timestamp),
                RlpWriter.bytes(proposer.bytes()),
                RlpWriter.bytes(stateRoot.bytes()),
                RlpWriter.bytes(transactionsRoot.bytes()),
                RlpWriter.bytes(receiptsRoot.bytes()),
                RlpWriter.bytes(logsBloom.bytes()),
                RlpWriter.uint(gasUsed),
                RlpWriter.uint(gasLimit),
                RlpWriter.uint(baseFeePerGas),
                RlpWriter.uint(fuelUsed),
                RlpWriter.bytes(extraData));
    }

    /** Keccak-256 of {@link #encode()}: the block's hash. */
    public Hash32 hash() {
        return Hash32.keccak256(encode());
    }

    /**
     * Reads what {@link #encode()} wrote; strict: non-canonical RLP, trailing bytes, wrong field counts or
     * sizes and numbers out of range are errors.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static BlockHeader decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "header bytes");
        return fromRlp(RlpReader.decode(bytes));
    }

    static BlockHeader fromRlp(RlpType item) {
        List<RlpType> f = RlpFields.list(item, FIELDS, "block header");
        return new BlockHeader(
                Hash32.of(RlpFields.fixed(f.get(0), Hash32.LENGTH, "parent hash")),
                RlpFields.uint63(f.get(1), "height"),
                RlpFields.uint63(f.get(2), "timestamp"),
                Address.of(RlpFields.fixed(f.get(3), Address.LENGTH, "proposer")),
                Hash32.of(RlpFields.fixed(f.get(4), Hash32.LENGTH, "state root")),
                Hash32.of(RlpFields.fixed(f.get(5), Hash32.LENGTH, "transactions root")),
                Hash32.of(RlpFields.fixed(f.get(6), Hash32.LENGTH, "receipts root")),
                new Bloom(RlpFields.fixed(f.get(7), Bloom.LENGTH, "logs bloom")),
                RlpFields.uint63(f.get(8), "gas used"),
                RlpFields.uint63(f.get(9), "gas limit"),
                RlpFields.uint(f.get(10), 256, "base fee per gas"),
                RlpFields.uint63(f.get(11), "fuel used"),
                RlpFields.bytes(f.get(12), "extra data"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockHeader o
                && parentHash.equals(o.parentHash)
                && height == o.height
                && timestamp == o.timestamp
                && proposer.equals(o.proposer)
                && stateRoot.equals(o.stateRoot)
                && transactionsRoot.equals(o.transactionsRoot)
                && receiptsRoot.equals(o.receiptsRoot)
                && logsBloom.equals(o.logsBloom)
                && gasUsed == o.gasUsed
                && gasLimit == o.gasLimit
                && baseFeePerGas.equals(o.baseFeePerGas)
                && fuelUsed == o.fuelUsed
                && Arrays.equals(extraData, o.extraData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                parentHash,
                height,
                timestamp,
                proposer,
                stateRoot,
                transactionsRoot,
                receiptsRoot,
                logsBloom,
                gasUsed,
                gasLimit,
                baseFeePerGas,
                fuelUsed,
                Arrays.hashCode(extraData));
    }

    @Override
    public String toString() {
        return "BlockHeader[height=" + height + ", parentHash=" + parentHash + ", timestamp=" + timestamp
                + ", proposer=" + proposer + ", stateRoot=" + stateRoot + ", transactionsRoot=" + transactionsRoot
                + ", receiptsRoot=" + receiptsRoot + ", gasUsed=" + gasUsed + ", gasLimit=" + gasLimit
                + ", baseFeePerGas=" + baseFeePerGas + ", fuelUsed=" + fuelUsed + ", extraData="
                + Hex.encode(extraData) + "]";
    }
}
