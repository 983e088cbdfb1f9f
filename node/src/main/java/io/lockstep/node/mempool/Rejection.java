package io.lockstep.node.mempool;

import io.lockstep.node.execution.InvalidReason;

/** Why the mempool refused a transaction. The messages follow Ethereum clients' wording. Append only. */
public enum Rejection {
    WRONG_CHAIN_ID("invalid chain id"),
    TOO_LARGE("oversized data"),
    ALREADY_KNOWN("already known"),
    NONCE_TOO_LOW("nonce too low"),
    NONCE_TOO_FAR("nonce too far ahead of the account's"),
    INTRINSIC_GAS_TOO_LOW("intrinsic gas too low"),
    GAS_LIMIT_ABOVE_BLOCK("exceeds block gas limit"),
    FEE_CAP_BELOW_BASE_FEE("max fee per gas less than block base fee"),
    TIP_ABOVE_FEE_CAP("max priority fee per gas higher than max fee per gas"),
    INSUFFICIENT_FUNDS("insufficient funds for gas * price + value"),
    REPLACEMENT_UNDERPRICED("replacement transaction underpriced"),
    POOL_FULL("txpool is full"),
    INVALID_MODULE("invalid wasm module"),
    SENDER_IS_CONTRACT("sender is a contract"),
    TOO_MANY_FROM_SENDER("too many pending transactions from this sender");

    private final String message;

    Rejection(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    /**
     * The pool's rejection for a rule of a block ({@code InclusionRules}) that a transaction breaks. The
     * switch has no default, so a reason added to the blocks' rules does not compile until the pool knows
     * it.
     */
    public static Rejection of(InvalidReason reason) {
        return switch (reason) {
            case WRONG_CHAIN_ID -> WRONG_CHAIN_ID;
            case NONCE_TOO_LOW -> NONCE_TOO_LOW;
            case INTRINSIC_GAS_TOO_LOW -> INTRINSIC_GAS_TOO_LOW;
            case GAS_LIMIT_ABOVE_BLOCK -> GAS_LIMIT_ABOVE_BLOCK;
            case FEE_CAP_BELOW_BASE_FEE -> FEE_CAP_BELOW_BASE_FEE;
            case TIP_ABOVE_FEE_CAP -> TIP_ABOVE_FEE_CAP;
            case INSUFFICIENT_FUNDS -> INSUFFICIENT_FUNDS;
            case SENDER_IS_CONTRACT -> SENDER_IS_CONTRACT;
                // A nonce ahead of the account's and the gas left in a block are the block builder's to
                // judge: the pool holds nonces ahead (up to NONCE_TOO_FAR) and fills no block.
            case NONCE_TOO_HIGH, BLOCK_FULL -> throw new IllegalArgumentException(
                    "the pool does not apply the rule " + reason + ": it concerns a block being built");
        };
    }
}
