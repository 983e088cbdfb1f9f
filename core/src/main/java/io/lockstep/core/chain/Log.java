package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An event a contract emitted, shaped as Ethereum's: the emitting address, up to four topics (the first
 * is usually the Solidity event signature's hash) and ABI-encoded data.
 *
 * @param address the contract that emitted it
 * @param topics zero to four topics
 * @param data the non-indexed data; copied in and out
 */
public record Log(Address address, List<Hash32> topics, byte[] data) {

    /** Most topics a log may carry, as in Ethereum's {@code LOG0}..{@code LOG4}. */
    public static final int MAX_TOPICS = 4;

    public Log {
        Objects.requireNonNull(address, "log address");
        topics = List.copyOf(Objects.requireNonNull(topics, "log topics"));
        if (topics.size() > MAX_TOPICS) {
            throw new IllegalArgumentException("a log has at most 4 topics, got " + topics.size());
        }
        data = Objects.requireNonNull(data, "log data").clone();
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Log log
                && address.equals(log.address)
                && topics.equals(log.topics)
                && Arrays.equals(data, log.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, topics, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Log[address=" + address + ", topics=" + topics + ", data=" + Hex.encode(data) + "]";
    }
}
