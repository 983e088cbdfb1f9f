package io.lockstep.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A log the node publishes to {@code logs} subscriptions: the address and topics that filters match on, and
 * the log object sent to matching subscribers as it is.
 *
 * @param address the emitting contract, 20 bytes
 * @param topics at most four topics of 32 bytes each
 * @param json the log object of the Ethereum JSON-RPC (address, topics, data, blockNumber, ...)
 */
public record LogEvent(byte[] address, List<byte[]> topics, JsonNode json) {

    public LogEvent {
        if (address == null || address.length != 20) {
            throw new IllegalArgumentException("a log address has 20 bytes");
        }
        if (topics == null || topics.size() > LogFilter.MAX_TOPIC_POSITIONS) {
            throw new IllegalArgumentException("a log has at most 4 topics");
        }
        for (byte[] topic : topics) {
            if (topic == null || topic.length != 32) {
                throw new IllegalArgumentException("a log topic has 32 bytes");
            }
        }
        if (json == null) {
            throw new IllegalArgumentException("a log event needs its JSON object");
        }
        topics = List.copyOf(topics);
    }
}
