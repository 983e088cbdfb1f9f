package io.lockstep.core.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A binary sparse Merkle tree over 256-bit paths ({@code SHA-256(key)}), with leaves lifted to the top of
 * their subtrees: a subtree holding one key is that key's leaf, wherever it sits, so a tree of n keys is
 * about log2(n) deep, and the tree, hence the root, depends only on the set of keys and values, never on
 * the order they were written in. Specified in docs/spec/state.md.
 *
 * <p>Nodes are immutable and stored by {@link NodeKey} (version, depth, path): version v's update writes
 * new nodes under v and leaves the old ones for older versions, so every retained version can be read and
 * proven. The tree keeps no state of its own; it reads nodes through a {@link NodeReader}.
 */
public final class SparseMerkleTree {

    private final NodeReader reader;
    private final Executor helper;

    public SparseMerkleTree(NodeReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.helper = null;
    }

    /**
     * A tree whose updates share their work with {@code helper}: the two halves under the root are
     * independent, so one is built on the calling thread and the other as a task on {@code helper}. The
     * update is the same as without it, node for node; only the time differs. {@code reader} must then
     * allow reads from two threads at once.
     */
    public SparseMerkleTree(NodeReader reader, Executor helper) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.helper = Objects.requireNonNull(helper, "helper");
    }

    /**
     * Applies {@code changes} (key to new value, or to {@code null} to delete) to the tree under
     * {@code root}, writing version {@code version}.
     *
     * @param root the previous version's root ({@link NodeRef#EMPTY} for the first)
     * @param version greater than the version of every node under {@code root}
     */
    public TreeUpdate update(NodeRef root, long version, Map<byte[], byte[]> changes) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(changes, "changes");
        if (version <= root.version() && !root.isEmpty()) {
            throw new IllegalArgumentException("version " + version + " must be above the root's " + root.version());
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
        TreeMap<byte[], Change> sorted = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], byte[]> e : changes.entrySet()) {
            byte[] key = Objects.requireNonNull(e.getKey(), "key");
            Change change = new Change(
                    key.clone(),
                    TreeHash.sha256(key),
                    e.getValue() == null ? null : e.getValue().clone());
            if (sorted.put(change.keyHash, change) != null) {
                throw new IllegalArgumentException("the same key appears twice in one update");
            }
        }
        Writer writer = new Writer(version);
        List<Change> all = new ArrayList<>(sorted.values());
        NodeRef newRoot = helper != null && root.kind() == NodeRef.Kind.INTERNAL && !all.isEmpty()
                ? writer.applyInHalves(root, all)
                : writer.apply(root, 0, all);
        return new TreeUpdate(version, newRoot, writer.createdInKeyOrder(), writer.stale);
    }

    /** The value under {@code key} in the version whose root is {@code root}. */
    public Optional<byte[]> get(NodeRef root, byte[] key) {
        byte[] path = TreeHash.sha256(key);
        NodeRef ref = root;
        for (int depth = 0; ; depth++) {
            switch (ref.kind()) {
                case EMPTY:
                    return Optional.empty();
                case LEAF:
                    Node.Leaf leaf = (Node.Leaf) load(ref, depth, path);
                    return Arrays.equals(leaf.keyHash(), path) ? Optional.of(leaf.value()) : Optional.empty();
                default:
                    ref = ((Node.Internal) load(ref, depth, path)).child(TreeHash.bit(path, depth));
            }
        }
    }

    /** A proof that {@code key} has its value, or has none, in the version whose root is {@code root}. */
    public StateProof prove(NodeRef root, byte[] key) {
        byte[] path = TreeHash.sha256(key);
        List<byte[]> siblings = new ArrayList<>();
        NodeRef ref = root;
        for (int depth = 0; ; depth++) {
            switch (ref.kind()) {
                case EMPTY:
                    return new StateProof(siblings, null, null);
                case LEAF:
                    Node.Leaf leaf = (Node.Leaf) load(ref, depth, path);
                    return new StateProof(siblings, leaf.keyHash(), TreeHash.sha256(leaf.value()));
                default:
                    Node.Internal node = (Node.Internal) load(ref, depth, path);
                    int bit = TreeHash.bit(path, depth);
                    siblings.add(node.child(1 - bit).hash());
                    ref = node.child(bit);
            }
        }
    }

    /** Every key and value in the version whose root is {@code root}, in path order; for export and tests. */
    public List<Node.Leaf> leaves(NodeRef root) {
        List<Node.Leaf> out = new ArrayList<>();
        collect(root, 0, new byte[TreeHash.LENGTH], out);
        return out;
    }

    private void collect(NodeRef ref, int depth, byte[] path, List<Node.Leaf> out) {
        if (ref.isEmpty()) {
            return;
        }
        Node node = load(ref, depth, path);
        if (node instanceof Node.Leaf leaf) {
            out.add(leaf);
            return;
        }
        Node.Internal internal = (Node.Internal) node;
        collect(internal.left(), depth + 1, path, out);
        collect(internal.right(), depth + 1, childPath(path, depth, 1), out);
    }

    /** {@code path} with bit {@code depth} set to {@code bit}: the path of a node's child. */
    private static byte[] childPath(byte[] path, int depth, int bit) {
        byte[] child = path.clone();
        if (bit == 1) {
            child[depth >>> 3] |= (byte) (0x80 >>> (depth & 7));
        } else {
            child[depth >>> 3] &= (byte) ~(0x80 >>> (depth & 7));
        }
        return child;
    }

    private Node load(NodeRef ref, int depth, byte[] path) {
        NodeKey key = new NodeKey(ref.version(), depth, path);
        Node node = reader.node(key);
        if (node == null) {
            throw new MissingNodeException(key);
        }
        boolean kindMatches =
                ref.kind() == NodeRef.Kind.LEAF ? node instanceof Node.Leaf : node instanceof Node.Internal;
        if (!kindMatches || !Arrays.equals(NodeRef.hashOf(node), ref.hashUnsafe())) {
            throw new IllegalStateException("state node " + key + " does not match the hash its parent holds");
        }
        return node;
    }

    /** One key's change: its new value, or {@code null} to delete it. */
    private record Change(byte[] key, byte[] keyHash, byte[] value) {}

    /** Builds one version: the nodes it creates and the ones it makes stale. */
    private final class Writer {
        final long version;
        /** The nodes stored, in the order stored; a node is cleared when it is lifted away again. */
        final List<NodeKey> storedKeys = new ArrayList<>();

        final List<Node> storedNodes = new ArrayList<>();
        /** Where the leaves stored by this version are in {@link #storedNodes}: only a leaf moves again. */
        final HashMap<NodeKey, Integer> newLeaves = new HashMap<>();

        final List<NodeKey> stale = new ArrayList<>();

        Writer(long version) {
            this.version = version;
        }

        /**
         * The stored nodes in key order, without a comparison sort: all have this version, so they order
         * by depth, then path; the walk goes left before right, so at any one depth it stores nodes in
         * path order, and grouping them by depth, keeping that order, sorts them ({@link SortedNodes}
         * checks).
         */
        Map<NodeKey, Node> createdInKeyOrder() {
            int[] start = new int[258];
            int count = 0;
            for (int i = 0; i < storedKeys.size(); i++) {
                if (storedNodes.get(i) != null) {
                    start[storedKeys.get(i).depth() + 1]++;
                    count++;
                }
            }
            for (int d = 1; d < start.length; d++) {
                start[d] += start[d - 1];
            }
            NodeKey[] keys = new NodeKey[count];
            Node[] nodes = new Node[count];
            for (int i = 0; i < storedKeys.size(); i++) {
                Node node = storedNodes.get(i);
                if (node != null) {
                    int at = start[storedKeys.get(i).depth()]++;
                    keys[at] = storedKeys.get(i);
                    nodes[at] = node;
                }
            }
            return SortedNodes.of(keys, nodes);
        }

        /** The subtree at {@code depth} under {@code ref} after {@code changes}, all on its path. */
        NodeRef apply(NodeRef ref, int depth, List<Change> changes) {
            if (changes.isEmpty()) {
                return ref;
            }
            byte[] path = changes.get(0).keyHash;
            switch (ref.kind()) {
                case EMPTY:
                    return build(depth, live(changes));
                case LEAF: {
                    Node.Leaf leaf = (Node.Leaf) load(ref, depth, path);
                    boolean touched = false;
                    for (Change c : changes) {
                        touched |= Arrays.equals(c.keyHash, leaf.keyHash());
                    }
                    List<Change> merged = live(changes);
                    if (!touched) {
                        if (merged.isEmpty()) {
                            return ref; // only deletions of keys that are not there
                        }
                        merged.add(new Change(leaf.key(), leaf.keyHash(), leaf.value()));
                        merged.sort((a, b) -> Arrays.compareUnsigned(a.keyHash, b.keyHash));
                    }
                    markStale(ref, depth, path);
                    return build(depth, merged);
                }
                default: {
                    Node.Internal node = (Node.Internal) load(ref, depth, path);
                    int split = splitIndex(changes, depth);
                    NodeRef left = apply(node.left(), depth + 1, changes.subList(0, split));
                    NodeRef right = apply(node.right(), depth + 1, changes.subList(split, changes.size()));
                    return withChildren(ref, depth, path, node, left, right);
                }
            }
        }

        /**
         * {@link #apply} at the root, internal there, with the two halves built by writers of their own,
         * the left one on {@link #helper}, then taken over in the order {@link #apply} would have made
         * them: left half, right half, root.
         */
        NodeRef applyInHalves(NodeRef root, List<Change> changes) {
            byte[] path = changes.get(0).keyHash;
            Node.Internal node = (Node.Internal) load(root, 0, path);
            int split = splitIndex(changes, 0);
            Writer leftWriter = new Writer(version);
            Writer rightWriter = new Writer(version);
            CompletableFuture<NodeRef> leftTask = CompletableFuture.supplyAsync(
                    () -> leftWriter.apply(node.left(), 1, changes.subList(0, split)), helper);
            NodeRef right;
            try {
                right = rightWriter.apply(node.right(), 1, changes.subList(split, changes.size()));
            } catch (RuntimeException | Error e) {
                // The left half reads the store too: let it end before the update gives up.
                leftTask.handle((result, failure) -> result).join();
                throw e;
            }
            NodeRef left = await(leftTask);
            takeOver(leftWriter);
            takeOver(rightWriter);
            return withChildren(root, 0, path, node, left, right);
        }

        /** Appends what {@code other} stored and made stale to this writer's lists. */
        void takeOver(Writer other) {
            int offset = storedNodes.size();
            storedKeys.addAll(other.storedKeys);
            storedNodes.addAll(other.storedNodes);
            other.newLeaves.forEach((key, at) -> newLeaves.put(key, at + offset));
            stale.addAll(other.stale);
        }

        /** The internal node {@code ref} at {@code depth} once its children are {@code left} and {@code right}. */
        NodeRef withChildren(NodeRef ref, int depth, byte[] path, Node.Internal node, NodeRef left, NodeRef right) {
            if (left.equals(node.left()) && right.equals(node.right())) {
                return ref;
            }
            markStale(ref, depth, path);
            if (left.isEmpty() && right.isEmpty()) {
                return NodeRef.EMPTY;
            }
            if (left.isEmpty() && right.kind() == NodeRef.Kind.LEAF) {
                return lift(right, depth, path, 1);
            }
            if (right.isEmpty() && left.kind() == NodeRef.Kind.LEAF) {
                return lift(left, depth, path, 0);
            }
            return store(depth, path, Node.Internal.of(left, right));
        }

        /** A subtree holding exactly {@code entries} (sorted by path, none deleted), built anew. */
        NodeRef build(int depth, List<Change> entries) {
            if (entries.isEmpty()) {
                return NodeRef.EMPTY;
            }
            byte[] path = entries.get(0).keyHash;
            if (entries.size() == 1) {
                Change only = entries.get(0);
                return store(depth, path, Node.Leaf.of(only.key, only.value));
            }
            int split = splitIndex(entries, depth);
            NodeRef left = build(depth + 1, entries.subList(0, split));
            NodeRef right = build(depth + 1, entries.subList(split, entries.size()));
            return store(depth, path, Node.Internal.of(left, right));
        }

        /** Moves the only leaf of a subtree up to {@code depth}, where its parent was. */
        NodeRef lift(NodeRef leafRef, int depth, byte[] path, int bit) {
            byte[] childPath = childPath(path, depth, bit);
            Node.Leaf leaf = (Node.Leaf) load(leafRef, depth + 1, childPath);
            markStale(leafRef, depth + 1, childPath);
            return store(depth, path, leaf);
        }

        NodeRef store(int depth, byte[] path, Node node) {
            NodeKey key = new NodeKey(version, depth, path);
            if (node instanceof Node.Leaf && newLeaves.put(key, storedNodes.size()) != null) {
                throw new IllegalStateException("two nodes written at " + key);
            }
            storedKeys.add(key);
            storedNodes.add(node);
            return NodeRef.to(node, version);
        }

        void markStale(NodeRef ref, int depth, byte[] path) {
            NodeKey key = new NodeKey(ref.version(), depth, path);
            if (ref.version() != version) {
                stale.add(key);
                return;
            }
            Integer at = newLeaves.remove(key);
            if (at == null) {
                throw new IllegalStateException("no leaf of this version stored at " + key);
            }
            storedNodes.set(at, null);
        }

        Node load(NodeRef ref, int depth, byte[] path) {
            if (ref.version() == version) {
                Integer at = newLeaves.get(new NodeKey(ref.version(), depth, path));
                if (at != null) {
                    return storedNodes.get(at);
                }
            }
            return SparseMerkleTree.this.load(ref, depth, path);
        }
    }

    /** The half built on the helper; its failure is thrown here as it was thrown there. */
    private static NodeRef await(CompletableFuture<NodeRef> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("the tree update's helper failed", cause);
        }
    }

    private static List<Change> live(List<Change> changes) {
        List<Change> out = new ArrayList<>(changes.size());
        for (Change c : changes) {
            if (c.value != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The first index whose path has bit {@code depth} set; the list is sorted by path. */
    private static int splitIndex(List<Change> sorted, int depth) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (TreeHash.bit(sorted.get(mid).keyHash, depth) == 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
