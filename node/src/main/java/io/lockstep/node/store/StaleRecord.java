package io.lockstep.node.store;

import io.lockstep.core.state.NodeKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The value of a version's stale record: the storage keys of the nodes that version stopped using, one
 * after the other. A node key says its own length (its depth, at bytes 8..9, gives the path's length), so
 * they need no separator. One record per version rather than one per node halves the entries a block
 * writes: a block of 1,000 writes makes about as many nodes stale as it creates.
 */
final class StaleRecord {

    private static final int HEADER = 10;

    private StaleRecord() {}

    static byte[] encode(List<NodeKey> keys) {
        List<byte[]> encoded = new ArrayList<>(keys.size());
        int length = 0;
        for (NodeKey key : keys) {
            byte[] bytes = key.encode();
            encoded.add(bytes);
            length += bytes.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] bytes : encoded) {
            System.arraycopy(bytes, 0, out, at, bytes.length);
            at += bytes.length;
        }
        return out;
    }

    /**
     * The node keys in a record's value, each as stored in {@code state_nodes}.
     *
     * @throws StoreException when the value is not a sequence of node keys
     */
    static List<byte[]> nodeKeys(byte[] value) {
        List<byte[]> keys = new ArrayList<>();
        int at = 0;
        while (at < value.length) {
            if (value.length - at < HEADER) {
                throw new StoreException("damaged stale record: " + (value.length - at) + " trailing bytes");
            }
            int depth = ((value[at + 8] & 0xFF) << 8) | (value[at + 9] & 0xFF);
            if (depth > 256) {
                throw new StoreException("damaged stale record: a node key of depth " + depth);
            }
            int end = at + HEADER + ((depth + 7) >>> 3);
            if (end > value.length) {
                throw new StoreException("damaged stale record: a node key runs past its end");
            }
            keys.add(Arrays.copyOfRange(value, at, end));
            at = end;
        }
        return keys;
    }
}
