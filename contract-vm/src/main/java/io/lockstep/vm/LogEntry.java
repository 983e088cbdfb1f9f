package io.lockstep.vm;

import java.util.List;
import java.util.Objects;

/**
 * One event emitted by a contract, in Ethereum's log shape: up to four 32-byte topics and opaque data.
 * The emitting address is added by the node.
 */
public record LogEntry(List<byte[]> topics, byte[] data) {

    public LogEntry {
        topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
        data = Objects.requireNonNull(data, "data").clone();
        for (byte[] topic : topics) {
            if (topic.length != 32) {
                throw new IllegalArgumentException("a topic is 32 bytes, got " + topic.length);
            }
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
