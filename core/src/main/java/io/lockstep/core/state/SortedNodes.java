package io.lockstep.core.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map of nodes by key that iterates in key order, kept in two sorted arrays. A block's
 * update creates some ten thousand nodes; building tree or hash maps of them, only to iterate them once
 * into the write batch, cost a good share of the update.
 */
final class SortedNodes extends AbstractMap<NodeKey, Node> {

    private final NodeKey[] keys;
    private final Node[] nodes;

    private SortedNodes(NodeKey[] keys, Node[] nodes) {
        this.keys = keys;
        this.nodes = nodes;
    }

    /** {@code map} itself when it is one of these, else a sorted copy. */
    static SortedNodes copyOf(Map<NodeKey, Node> map) {
        if (map instanceof SortedNodes sorted) {
            return sorted;
        }
        NodeKey[] keys = new NodeKey[map.size()];
        Node[] nodes = new Node[keys.length];
        int i = 0;
        for (Map.Entry<NodeKey, Node> e : map.entrySet()) {
            keys[i] = Objects.requireNonNull(e.getKey(), "node key");
            nodes[i] = Objects.requireNonNull(e.getValue(), "node");
            i++;
        }
        return of(keys, nodes);
    }

    /**
     * Takes over the arrays (pairs at equal indices); sorts them unless they are sorted already.
     *
     * @throws IllegalStateException when a key appears twice
     */
    static SortedNodes of(NodeKey[] keys, Node[] nodes) {
        for (int i = 1; i < keys.length; i++) {
            int order = keys[i - 1].compareTo(keys[i]);
            if (order == 0) {
                throw new IllegalStateException("two nodes written at " + keys[i]);
            }
            if (order > 0) {
                return sorted(keys, nodes);
            }
        }
        return new SortedNodes(keys, nodes);
    }

    private static SortedNodes sorted(NodeKey[] keys, Node[] nodes) {
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
        NodeKey[] sortedKeys = new NodeKey[keys.length];
        Node[] sortedNodes = new Node[keys.length];
        for (int i = 0; i < order.length; i++) {
            sortedKeys[i] = keys[order[i]];
            sortedNodes[i] = nodes[order[i]];
        }
        return of(sortedKeys, sortedNodes);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Node get(Object key) {
        int at = key instanceof NodeKey k ? Arrays.binarySearch(keys, k) : -1;
        return at >= 0 ? nodes[at] : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public void forEach(BiConsumer<? super NodeKey, ? super Node> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], nodes[i]);
        }
    }

    @Override
    public Set<Map.Entry<NodeKey, Node>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Map.Entry<NodeKey, Node>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<NodeKey, Node> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<NodeKey, Node> entry = new SimpleImmutableEntry<>(keys[next], nodes[next]);
                        next++;
                        return entry;
                    }
                };
            }
        };
    }
}
