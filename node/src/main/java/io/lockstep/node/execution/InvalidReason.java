package io.lockstep.node.execution;

/**
 * Why a transaction cannot be included in a block at all (as opposed to failing inside it, which still
 * costs gas and gives a receipt). The mempool turns these into JSON-RPC errors. Append only.
 */
public enum InvalidReason {
    WRONG_CHAIN_ID("wrong chain id"),
    NONCE_TOO_LOW("nonce too low"),
    NONCE_TOO_HIGH("nonce too high"),
    INTRINSIC_GAS_TOO_LOW("intrinsic gas too low"),
    GAS_LIMIT_ABOVE_BLOCK("exceeds block gas limit"),
    FEE_CAP_BELOW_BASE_FEE("max fee per gas less than block base fee"),
    TIP_ABOVE_FEE_CAP("max priority fee per gas higher than max fee per gas"),
    INSUFFICIENT_FUNDS("insufficient funds for gas * price + value"),
    SENDER_IS_CONTRACT("sender is a contract"),
    BLOCK_FULL("block gas limit reached");

    private final String message;

    InvalidReason(String message) {
        this.message = message;
    }

    /** The wording Ethereum clients use, so that tools recognise it. */
    public String message() {
        return message;
    }
}
