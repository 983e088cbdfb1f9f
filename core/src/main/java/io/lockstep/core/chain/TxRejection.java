package io.lockstep.core.chain;

/**
 * Why a transaction's bytes were refused. Append-only: nodes and clients may store or match on these,
 * so an existing constant is never renamed, removed or reordered.
 */
public enum TxRejection {
    /**
     * Not a well-formed transaction: empty input, bad or non-canonical RLP (including integers with
     * leading zero bytes), trailing bytes, a wrong field count, or a malformed access list.
     */
    MALFORMED,
    /** A typed envelope of a type the chain does not accept (anything but {@code 0x02}). */
    UNSUPPORTED_TYPE,
    /** A legacy transaction signed without a chain id ({@code v} = 27 or 28): it could be replayed. */
    MISSING_CHAIN_ID,
    /**
     * {@code r} or {@code s} zero or not below the curve order, {@code s} in the upper half (EIP-2), a
     * {@code v} or {@code yParity} that names no recovery id, or no public key recovers.
     */
    INVALID_SIGNATURE,
    /**
     * A number past its limit: nonce, gas limit or chain id above {@code 2^63 − 1}, fees or value of
     * {@code 2^256} or more, or a {@code to} that is neither empty nor 20 bytes.
     */
    VALUE_OUT_OF_RANGE,
    /** An EIP-1559 transaction whose priority fee is above its fee cap, which no base fee can satisfy. */
    TIP_ABOVE_FEE_CAP
}
