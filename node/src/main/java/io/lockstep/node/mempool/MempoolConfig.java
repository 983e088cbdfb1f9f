package io.lockstep.node.mempool;

/**
 * The mempool's local limits (not chain rules).
 *
 * @param maxTransactions transactions held at most
 * @param maxBytes encoded bytes held at most
 * @param maxPerSender transactions one sender may have waiting (and how far ahead of its nonce)
 * @param maxTxBytes the largest transaction accepted
 */
public record MempoolConfig(int maxTransactions, long maxBytes, int maxPerSender, int maxTxBytes) {

    public static final MempoolConfig DEFAULT = new MempoolConfig(10_000, 64L << 20, 64, 2 << 20);

    public MempoolConfig {
        if (maxTransactions < 1 || maxBytes < 1 || maxPerSender < 1 || maxTxBytes < 1) {
            throw new IllegalArgumentException("mempool limits must be positive");
        }
    }
}
