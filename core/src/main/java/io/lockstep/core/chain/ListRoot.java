package io.lockstep.core.chain;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ordered Merkle root of a list of byte strings, as RFC 6962 builds it, with SHA-256 and the state
 * tree's conventions: the empty list's root is 32 zero bytes, a leaf is {@code SHA-256(0x00 ‖ item)}, a
 * node {@code SHA-256(0x01 ‖ left ‖ right)}, and a list of {@code n > 1} items splits at the largest power
 * of two below {@code n}. Blocks commit to their transactions and receipts this way (ADR 0009).
 */
public final class ListRoot {

    static final byte LEAF_TAG = 0x00;
    static final byte NODE_TAG = 0x01;

    private ListRoot() {}

    /** The root over {@code items}, in order. */
    public static Hash32 of(List<byte[]> items) {
        Objects.requireNonNull(items, "items");
        if (items.isEmpty()) {
            return Hash32.ZERO;
        }
        return subtree(leaves(items), 0, items.size());
    }

    /** The transactions root: over each transaction's {@link SignedTransaction#raw() raw bytes}. */
    public static Hash32 ofTransactions(List<SignedTransaction> transactions) {
        Objects.requireNonNull(transactions, "transactions");
        List<byte[]> raws = new ArrayList<>(transactions.size());
        for (SignedTransaction tx : transactions) {
            raws.add(tx.raw());
        }
        return of(raws);
    }

    /** The receipts root: over each receipt's {@link Receipt#encode() encoding}. */
    public static Hash32 ofReceipts(List<Receipt> receipts) {
        Objects.requireNonNull(receipts, "receipts");
        List<byte[]> encodings = new ArrayList<>(receipts.size());
        for (Receipt receipt : receipts) {
            encodings.add(receipt.encode());
        }
        return of(encodings);
    }

    /**
     * The proof that {@code items.get(index)} is at {@code index} in the list whose root is {@link
     * #of(List) of(items)}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not an index of {@code items}
     */
    public static ListProof prove(List<byte[]> items, int index) {
        Objects.requireNonNull(items, "items");
        Objects.checkIndex(index, items.size());
        Hash32[] leaves = leaves(items);
        List<Hash32> siblings = new ArrayList<>();
        collect(leaves, 0, items.size(), index, siblings);
        return new ListProof(index, items.size(), siblings);
    }

    /** Appends the siblings of leaf {@code index} within {@code [from, from + size)}, lowest first. */
    private static void collect(Hash32[] leaves, int from, int size, int index, List<Hash32> siblings) {
        if (size == 1) {
            return;
        }
        int k = split(size);
        if (index < k) {
            collect(leaves, from, k, index, siblings);
            siblings.add(subtree(leaves, from + k, size - k));
        } else {
            collect(leaves, from + k, size - k, index - k, siblings);
            siblings.add(subtree(leaves, from, k));
        }
    }

    private static Hash32[] leaves(List<byte[]> items) {
        Hash32[] leaves = new Hash32[items.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = leaf(Objects.requireNonNull(items.get(i), "item"));
        }
        return leaves;
    }

    private static Hash32 subtree(Hash32[] leaves, int from, int size) {
        if (size == 1) {
            return leaves[from];
        }
        int k = split(size);
        return node(subtree(leaves, from, k), subtree(leaves, from + k, size - k));
    }

    /** The largest power of two strictly below {@code size}, for {@code size ≥ 2}. */
    static int split(int size) {
        return Integer.highestOneBit(size - 1);
    }

    /** {@code SHA-256(0x00 ‖ item)}. */
    public static Hash32 leaf(byte[] item) {
        MessageDigest digest = Hash32.sha256Digest();
        digest.update(LEAF_TAG);
        digest.update(item);
        return Hash32.of(digest.digest());
    }

    /** {@code SHA-256(0x01 ‖ left ‖ right)}. */
    static Hash32 node(Hash32 left, Hash32 right) {
        MessageDigest digest = Hash32.sha256Digest();
        digest.update(NODE_TAG);
        digest.update(left.bytes());
        digest.update(right.bytes());
        return Hash32.of(digest.digest());
    }
}
