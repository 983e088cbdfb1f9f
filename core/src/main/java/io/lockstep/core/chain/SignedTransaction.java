package io.lockstep.core.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A transaction whose bytes decoded strictly and whose signature recovered a sender: only {@link
 * TransactionDecoder} makes one. Immutable; arrays are copied out. The chain id is exposed, not checked:
 * comparing it with the chain's is the mempool's business.
 */
public final class SignedTransaction {

    private final TxType type;
    private final long chainId;
    private final long nonce;
    private final BigInteger maxPriorityFeePerGas;
    private final BigInteger maxFeePerGas;
    private final long gasLimit;
    private final Address to;
    private final BigInteger value;
    private final byte[] data;
    private final List<AccessListEntry> accessList;
    private final BigInteger v;
    private final BigInteger r;
    private final BigInteger s;
    private final Address from;
    private final Hash32 hash;
    private final byte[] raw;

    /** The decoder's fields, already checked; {@code raw} and {@code data} are not copied again. */
    record Fields(
            TxType type,
            long chainId,
            long nonce,
            BigInteger maxPriorityFeePerGas,
            BigInteger maxFeePerGas,
            long gasLimit,
            Address to,
            BigInteger value,
            byte[] data,
            List<AccessListEntry> accessList,
            BigInteger v,
            BigInteger r,
            BigInteger s) {}

    SignedTransaction(Fields fields, Address from, byte[] raw) {
        this.type = fields.type();
        this.chainId = fields.chainId();
        this.nonce = fields.nonce();
        this.maxPriorityFeePerGas = fields.maxPriorityFeePerGas();
        this.maxFeePerGas = fields.maxFeePerGas();
        this.gasLimit = fields.gasLimit();
        this.to = fields.to();
        this.value = fields.value();
        this.data = fields.data();
        this.accessList = List.copyOf(fields.accessList());
        this.v = fields.v();
        this.r = fields.r();
        this.s = fields.s();
        this.from = Objects.requireNonNull(from, "sender");
        this.raw = raw;
        this.hash = Hash32.keccak256(raw);
    }

    public TxType type() {
        return type;
    }

    /** The chain id the sender signed for (for legacy transactions, the one encoded in {@code v}). */
    public long chainId() {
        return chainId;
    }

    public long nonce() {
        return nonce;
    }

    public long gasLimit() {
        return gasLimit;
    }

    /** The legacy gas price; for EIP-1559, the fee cap ({@link #maxFeePerGas()}). */
    public BigInteger gasPrice() {
        return maxFeePerGas;
    }

    /** The EIP-1559 fee cap; for legacy, the gas price. */
    public BigInteger maxFeePerGas() {
        return maxFeePerGas;
    }

    /** The EIP-1559 priority fee; for legacy, the gas price. */
    public BigInteger maxPriorityFeePerGas() {
        return maxPriorityFeePerGas;
    }

    /** The recipient; empty for a deploy. */
    public Optional<Address> to() {
        return Optional.ofNullable(to);
    }

    /** Whether this deploys a contract (no recipient). */
    public boolean isDeploy() {
        return to == null;
    }

    /** Native token sent, in the smallest unit. */
    public BigInteger value() {
        return value;
    }

    /** A copy of the call data or, for a deploy, the code. */
    public byte[] data() {
        return data.clone();
    }

    /** The access list as signed; always empty for legacy transactions. */
    public List<AccessListEntry> accessList() {
        return accessList;
    }

    /** The legacy {@code v} ({@code chainId × 2 + 35 + parity}); for EIP-1559, {@code yParity} (0 or 1). */
    public BigInteger v() {
        return v;
    }

    public BigInteger r() {
        return r;
    }

    public BigInteger s() {
        return s;
    }

    /** The sender, recovered from the signature. */
    public Address from() {
        return from;
    }

    /** Keccak-256 of {@link #raw()}: the hash Ethereum tools show for this transaction. */
    public Hash32 hash() {
        return hash;
    }

    /** A copy of the bytes as received: the RLP list for legacy, the EIP-2718 envelope for typed. */
    public byte[] raw() {
        return raw.clone();
    }

    /** Length of {@link #raw()}. */
    public int encodedSize() {
        return raw.length;
    }

    /**
     * The price per gas this transaction pays in a block with this base fee: the gas price for legacy,
     * {@code min(maxFeePerGas, baseFee + maxPriorityFeePerGas)} for EIP-1559. Whether the transaction may
     * enter such a block at all (fee cap or gas price at least the base fee) is for the caller to check.
     */
    public BigInteger effectiveGasPrice(BigInteger baseFee) {
        Objects.requireNonNull(baseFee, "base fee");
        if (baseFee.signum() < 0) {
            throw new IllegalArgumentException("base fee is negative: " + baseFee);
        }
        if (type == TxType.LEGACY) {
            return maxFeePerGas;
        }
        return maxFeePerGas.min(baseFee.add(maxPriorityFeePerGas));
    }

    /** The most this transaction can take from its sender: {@code gasLimit × maxFeePerGas + value}. */
    public BigInteger maxCost() {
        return BigInteger.valueOf(gasLimit).multiply(maxFeePerGas).add(value);
    }

    /** Two transactions are equal when their bytes are; everything else derives from them. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTransaction tx && Arrays.equals(raw, tx.raw);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "SignedTransaction[type=" + type + " hash=" + hash + " from=" + from + " nonce=" + nonce + " to="
                + (to == null ? "deploy" : to.toHex()) + " chainId=" + chainId + "]";
    }
}
