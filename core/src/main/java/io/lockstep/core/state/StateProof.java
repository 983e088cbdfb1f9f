package io.lockstep.core.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A proof about one key against a state root: the sibling hashes along the key's path from the root down
 * to where the path ends, and what it ends at: the key's own leaf (membership), another key's leaf or an
 * empty subtree (non-membership). Encoding and verification are specified in docs/spec/state.md.
 */
public final class StateProof {

    /** Format version written first in the encoding. */
    public static final int FORMAT = 1;

    private static final int MAX_DEPTH = 256;

    private final List<byte[]> siblings;
    private final byte[] leafKeyHash;
    private final byte[] leafValueHash;

    /**
     * @param siblings sibling hashes from the root down (32 zero bytes for an empty sibling)
     * @param leafKeyHash the path of the leaf the walk ended at, or {@code null} when it ended at an empty
     *     subtree
     * @param leafValueHash that leaf's value hash, or {@code null}
     */
    StateProof(List<byte[]> siblings, byte[] leafKeyHash, byte[] leafValueHash) {
        if (siblings.size() > MAX_DEPTH) {
            throw new IllegalArgumentException("a proof is at most " + MAX_DEPTH + " levels deep");
        }
        if ((leafKeyHash == null) != (leafValueHash == null)) {
            throw new IllegalArgumentException("a leaf has both a key hash and a value hash");
        }
        List<byte[]> copy = new ArrayList<>(siblings.size());
        for (byte[] s : siblings) {
            if (s.length != TreeHash.LENGTH) {
                throw new IllegalArgumentException("a sibling hash is 32 bytes");
            }
            copy.add(s.clone());
        }
        this.siblings = copy;
        this.leafKeyHash = leafKeyHash == null ? null : leafKeyHash.clone();
        this.leafValueHash = leafValueHash == null ? null : leafValueHash.clone();
    }

    /** How many levels the path goes down before it ends. */
    public int depth() {
        return siblings.size();
    }

    /** Whether the walk ended at a leaf (the key's, or another key's that shares the path so far). */
    public boolean endsAtLeaf() {
        return leafKeyHash != null;
    }

    /**
     * Whether this proves that {@code key} holds {@code value} ({@code value == null}: that {@code key}
     * holds nothing) in the state whose root is {@code root}.
     */
    public boolean verify(byte[] root, byte[] key, byte[] value) {
        if (root == null || root.length != TreeHash.LENGTH || key == null) {
            return false;
        }
        byte[] path = TreeHash.sha256(key);
        byte[] hash;
        if (value != null) {
            if (leafKeyHash == null
                    || !Arrays.equals(leafKeyHash, path)
                    || !Arrays.equals(leafValueHash, TreeHash.sha256(value))) {
                return false;
            }
            hash = TreeHash.leaf(leafKeyHash, leafValueHash);
        } else if (leafKeyHash == null) {
            hash = TreeHash.empty();
        } else {
            if (Arrays.equals(leafKeyHash, path) || !samePrefix(leafKeyHash, path, siblings.size())) {
                return false;
            }
            hash = TreeHash.leaf(leafKeyHash, leafValueHash);
        }
        for (int depth = siblings.size() - 1; depth >= 0; depth--) {
            byte[] sibling = siblings.get(depth);
            hash = TreeHash.bit(path, depth) == 0 ? TreeHash.internal(hash, sibling) : TreeHash.internal(sibling, hash);
        }
        return Arrays.equals(hash, root);
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            if (TreeHash.bit(a, i) != TreeHash.bit(b, i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The wire form: {@code format (1) ‖ depth (u16) ‖ bitmap (ceil(depth / 8) bytes; bit i, most
     * significant first, set when sibling i is not empty) ‖ the non-empty siblings from the root down (32
     * bytes each) ‖ end}, where end is {@code 0x00} for an empty subtree or {@code 0x01 ‖ keyHash ‖
     * valueHash} for a leaf.
     */
    public byte[] encode() {
        int depth = siblings.size();
        int bitmapLength = (depth + 7) >>> 3;
        int present = 0;
        byte[] bitmap = new byte[bitmapLength];
        for (int i = 0; i < depth; i++) {
            if (!Arrays.equals(siblings.get(i), TreeHash.empty())) {
                bitmap[i >>> 3] |= (byte) (0x80 >>> (i & 7));
                present++;
            }
        }
        byte[] out = new byte[3 + bitmapLength + 32 * present + (leafKeyHash == null ? 1 : 65)];
        out[0] = FORMAT;
        out[1] = (byte) (depth >>> 8);
        out[2] = (byte) depth;
        System.arraycopy(bitmap, 0, out, 3, bitmapLength);
        int at = 3 + bitmapLength;
        for (int i = 0; i < depth; i++) {
            if (TreeHash.bit(bitmap, i) == 1) {
                System.arraycopy(siblings.get(i), 0, out, at, 32);
                at += 32;
            }
        }
        if (leafKeyHash == null) {
            out[at] = 0;
        } else {
            out[at] = 1;
            System.arraycopy(leafKeyHash, 0, out, at + 1, 32);
            System.arraycopy(leafValueHash, 0, out, at + 33, 32);
        }
        return out;
    }

    /**
     * Reads what {@link #encode()} wrote; strict: trailing bytes, a depth over 256, unused bitmap bits or
     * a sibling given as 32 zero bytes are errors.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static StateProof decode(byte[] bytes) {
        if (bytes.length < 4) {
            throw new IllegalArgumentException("a state proof is at least 4 bytes, got " + bytes.length);
        }
        if (bytes[0] != FORMAT) {
            throw new IllegalArgumentException("unknown state proof format " + bytes[0]);
        }
        int depth = ((bytes[1] & 0xFF) << 8) | (bytes[2] & 0xFF);
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("state proof depth " + depth + " is over " + MAX_DEPTH);
        }
        int bitmapLength = (depth + 7) >>> 3;
        if (bytes.length < 3 + bitmapLength + 1) {
            throw new IllegalArgumentException("state proof truncated in its bitmap");
        }
        byte[] bitmap = Arrays.copyOfRange(bytes, 3, 3 + bitmapLength);
        for (int i = depth; i < bitmapLength * 8; i++) {
            if (TreeHash.bit(bitmap, i) == 1) {
                throw new IllegalArgumentException("state proof bitmap has a bit set past its depth");
            }
        }
        int at = 3 + bitmapLength;
        List<byte[]> siblings = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            if (TreeHash.bit(bitmap, i) == 0) {
                siblings.add(TreeHash.empty());
                continue;
            }
            if (at + 32 > bytes.length) {
                throw new IllegalArgumentException("state proof truncated in its siblings");
            }
            byte[] sibling = Arrays.copyOfRange(bytes, at, at + 32);
            if (Arrays.equals(sibling, TreeHash.empty())) {
                throw new IllegalArgumentException("state proof lists an empty sibling its bitmap says is not");
            }
            siblings.add(sibling);
            at += 32;
        }
        if (at >= bytes.length) {
            throw new IllegalArgumentException("state proof truncated before its end marker");
        }
        int end = bytes[at];
        if (end == 0 && at + 1 == bytes.length) {
            return new StateProof(siblings, null, null);
        }
        if (end == 1 && at + 65 == bytes.length) {
            return new StateProof(
                    siblings, Arrays.copyOfRange(bytes, at + 1, at + 33), Arrays.copyOfRange(bytes, at + 33, at + 65));
        }
        throw new IllegalArgumentException(
                "state proof end marker " + end + " with " + (bytes.length - at - 1) + " bytes after it");
    }
}
