package io.lockstep.node.mempool;

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
}
