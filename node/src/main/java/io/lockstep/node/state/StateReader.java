package io.lockstep.node.state;

/** Reads the chain state: raw keys of the layout in {@link StateKeys} to raw values. */
public interface StateReader {

    /** The value under {@code key}, or {@code null} when there is none. */
    byte[] get(byte[] key);

    /** A state with no keys: the parent of genesis. */
    StateReader EMPTY = key -> null;
}
