package io.lockstep.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A log filter of the Ethereum JSON-RPC ({@code eth_getLogs}, {@code logs} subscriptions). A log matches when
 * its address is one of {@code addresses} (or the list is empty) and, for each topic position of the
 * filter, its topic at that position is one of the position's alternatives (an empty position matches any
 * topic). A log with fewer topics than the filter has positions does not match. The block range fields are
 * parsed here and applied by the chain's query.
 *
 * @param fromBlock first block of the range, if given
 * @param toBlock last block of the range, if given
 * @param blockHash the one block to search, if given; excludes a range
 * @param addresses the addresses to match, 20 bytes each; empty matches any
 * @param topics per position, the 32-byte topics to match; an empty position matches any
 */
public record LogFilter(
        Optional<BlockTag> fromBlock,
        Optional<BlockTag> toBlock,
        Optional<byte[]> blockHash,
        List<byte[]> addresses,
        List<List<byte[]>> topics) {

    public static final int MAX_TOPIC_POSITIONS = 4;
    public static final int MAX_ADDRESSES = 1000;
    public static final int MAX_TOPIC_ALTERNATIVES = 1000;

    /** Matches every log. */
    public static final LogFilter ANY =
            new LogFilter(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of());

    private static final Set<String> FIELDS = Set.of("fromBlock", "toBlock", "blockHash", "address", "topics");

    public LogFilter {
        Objects.requireNonNull(fromBlock, "fromBlock");
        Objects.requireNonNull(toBlock, "toBlock");
        Objects.requireNonNull(blockHash, "blockHash");
        if (blockHash.isPresent() && (fromBlock.isPresent() || toBlock.isPresent())) {
            throw new IllegalArgumentException("blockHash excludes fromBlock and toBlock");
        }
        blockHash.ifPresent(hash -> requireLength(hash, 32, "block hash"));
        addresses = List.copyOf(addresses);
        addresses.forEach(address -> requireLength(address, 20, "address"));
        if (topics.size() > MAX_TOPIC_POSITIONS) {
            throw new IllegalArgumentException("at most " + MAX_TOPIC_POSITIONS + " topic positions");
        }
        List<List<byte[]>> copied = new ArrayList<>();
        for (List<byte[]> position : topics) {
            position.forEach(topic -> requireLength(topic, 32, "topic"));
            copied.add(List.copyOf(position));
        }
        topics = List.copyOf(copied);
    }

    /**
     * Parses the filter object: {@code {fromBlock?, toBlock?, blockHash?, address?: addr | [addr...], topics?:
     * [null | topic | [topic...] ...]}}. Unknown fields and malformed values are -32602 errors.
     */
    public static LogFilter parse(JsonNode filter) {
        if (filter == null || !filter.isObject()) {
            throw invalid("expected an object, got " + (filter == null ? "nothing" : RpcParams.echo(filter)));
        }
        for (Iterator<String> names = filter.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid(
                        "unknown field '" + name + "'; fields are fromBlock, toBlock, blockHash, address, topics");
            }
        }
        Optional<BlockTag> from = optionalBlock(filter.get("fromBlock"), "fromBlock");
        Optional<BlockTag> to = optionalBlock(filter.get("toBlock"), "toBlock");
        Optional<byte[]> hash = present(filter.get("blockHash"))
                ? Optional.of(bytes(filter.get("blockHash"), 32, "blockHash"))
                : Optional.empty();
        if (hash.isPresent() && (from.isPresent() || to.isPresent())) {
            throw invalid("blockHash cannot be combined with fromBlock or toBlock");
        }
        return new LogFilter(from, to, hash, addresses(filter.get("address")), topics(filter.get("topics")));
    }

    public boolean matches(byte[] address, List<byte[]> logTopics) {
        if (!addresses.isEmpty() && !contains(addresses, address)) {
            return false;
        }
        if (topics.size() > logTopics.size()) {
            return false;
        }
        for (int i = 0; i < topics.size(); i++) {
            List<byte[]> alternatives = topics.get(i);
            if (!alternatives.isEmpty() && !contains(alternatives, logTopics.get(i))) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(LogEvent log) {
        return matches(log.address(), log.topics());
    }

    private static List<byte[]> addresses(JsonNode address) {
        if (!present(address)) {
            return List.of();
        }
        if (address.isTextual()) {
            return List.of(bytes(address, 20, "address"));
        }
        if (!address.isArray()) {
            throw invalid("address: expected an address or an array of addresses, got " + RpcParams.echo(address));
        }
        if (address.size() > MAX_ADDRESSES) {
            throw invalid("address: at most " + MAX_ADDRESSES + " addresses, got " + address.size());
        }
        List<byte[]> addresses = new ArrayList<>();
        for (JsonNode each : address) {
            addresses.add(bytes(each, 20, "address"));
        }
        return addresses;
    }

    private static List<List<byte[]>> topics(JsonNode topics) {
        if (!present(topics)) {
            return List.of();
        }
        if (!topics.isArray()) {
            throw invalid("topics: expected an array, got " + RpcParams.echo(topics));
        }
        if (topics.size() > MAX_TOPIC_POSITIONS) {
            throw invalid("topics: at most " + MAX_TOPIC_POSITIONS + " positions, got " + topics.size());
        }
        List<List<byte[]>> positions = new ArrayList<>();
        for (JsonNode position : topics) {
            if (!present(position)) {
                positions.add(List.of());
            } else if (position.isTextual()) {
                positions.add(List.of(bytes(position, 32, "topic")));
            } else if (position.isArray()) {
                if (position.size() > MAX_TOPIC_ALTERNATIVES) {
                    throw invalid("topics: at most " + MAX_TOPIC_ALTERNATIVES + " alternatives per position");
                }
                List<byte[]> alternatives = new ArrayList<>();
                for (JsonNode topic : position) {
                    alternatives.add(bytes(topic, 32, "topic"));
                }
                positions.add(alternatives);
            } else {
                throw invalid("topics: each position is null, a topic or an array of topics, got "
                        + RpcParams.echo(position));
            }
        }
        return positions;
    }

    private static Optional<BlockTag> optionalBlock(JsonNode value, String field) {
        if (!present(value)) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(field + ": expected a block number or tag, got " + RpcParams.echo(value));
        }
        try {
            return Optional.of(BlockTag.parse(value.textValue()));
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + RpcParams.echo(value) + " is " + e.getMessage());
        }
    }

    private static byte[] bytes(JsonNode value, int length, String what) {
        if (value == null || !value.isTextual()) {
            throw invalid(what + ": expected " + length + " bytes of 0x-prefixed hex, got "
                    + (value == null ? "nothing" : RpcParams.echo(value)));
        }
        byte[] bytes;
        try {
            bytes = Hex.parseData(value.textValue());
        } catch (IllegalArgumentException e) {
            throw invalid(what + ": " + RpcParams.echo(value) + " is not hex data (" + e.getMessage() + ")");
        }
        if (bytes.length != length) {
            throw invalid(what + ": expected " + length + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    private static boolean contains(List<byte[]> set, byte[] value) {
        for (byte[] candidate : set) {
            if (Arrays.equals(candidate, value)) {
                return true;
            }
        }
        return false;
    }

    private static void requireLength(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException("a " + what + " has " + length + " bytes");
        }
    }

    private static RpcException invalid(String message) {
        return RpcException.invalidParams("invalid filter: " + message);
    }

    // Records compare arrays by identity; a filter is a value, so compare contents.
    @Override
    public boolean equals(Object other) {
        return other instanceof LogFilter that
                && fromBlock.equals(that.fromBlock)
                && toBlock.equals(that.toBlock)
                && sameBytes(
                        blockHash.map(List::of).orElse(List.of()),
                        that.blockHash.map(List::of).orElse(List.of()))
                && sameBytes(addresses, that.addresses)
                && sameTopics(topics, that.topics);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(fromBlock, toBlock);
        hash = 31 * hash + blockHash.map(Arrays::hashCode).orElse(0);
        for (byte[] address : addresses) {
            hash = 31 * hash + Arrays.hashCode(address);
        }
        for (List<byte[]> position : topics) {
            hash = 31 * hash + position.size();
            for (byte[] topic : position) {
                hash = 31 * hash + Arrays.hashCode(topic);
            }
        }
        return hash;
    }

    @Override
    public String toString() {
        List<String> topicText = new ArrayList<>();
        for (List<byte[]> position : topics) {
            topicText.add(position.isEmpty() ? "any" : hexList(position).toString());
        }
        return "LogFilter[fromBlock=" + fromBlock.map(BlockTag::wire).orElse("-")
                + ", toBlock=" + toBlock.map(BlockTag::wire).orElse("-")
                + ", blockHash=" + blockHash.map(Hex::data).orElse("-")
                + ", addresses=" + hexList(addresses)
                + ", topics=" + topicText + "]";
    }

    private static List<String> hexList(List<byte[]> values) {
        return values.stream().map(Hex::data).toList();
    }

    private static boolean sameBytes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameTopics(List<List<byte[]>> a, List<List<byte[]>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!sameBytes(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
