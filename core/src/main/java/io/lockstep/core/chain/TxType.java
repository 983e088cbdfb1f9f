package io.lockstep.core.chain;

import java.util.Optional;

/** The transaction types the chain accepts, with their EIP-2718 type numbers. */
public enum TxType {
    /** An untyped RLP list, signed with an EIP-155 chain id in {@code v}. */
    LEGACY(0),
    /** EIP-1559: an {@code 0x02} envelope with a fee cap, a priority fee and an access list. */
    EIP1559(2);

    private final int code;

    TxType(int code) {
        this.code = code;
    }

    /** The EIP-2718 type number: 0 for legacy, 2 for EIP-1559. */
    public int code() {
        return code;
    }

    /** The type with this number, if the chain accepts it. */
    public static Optional<TxType> fromCode(int code) {
        for (TxType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
