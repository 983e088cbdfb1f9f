package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFilterTest {

    private static final String A = "0x" + "aa".repeat(20);
    private static final String B = "0x" + "bb".repeat(20);
    private static final String T1 = "0x" + "01".repeat(32);
    private static final String T2 = "0x" + "02".repeat(32);
    private static final String T3 = "0x" + "03".repeat(32);

    @Test
    void emptyFilterMatchesEverything() {
        LogFilter filter = parse("{}");
        assertEquals(LogFilter.ANY, filter);
        assertTrue(filter.matches(bytes(A), List.of()));
        assertTrue(filter.matches(bytes(B), topics(T1, T2, T3)));
    }

    @Test
    void addressesAreAlternatives() {
        LogFilter single = parse("{\"address\":\"" + A + "\"}");
        assertTrue(single.matches(bytes(A), List.of()));
        assertFalse(single.matches(bytes(B), List.of()));
        LogFilter both = parse("{\"address\":[\"" + A + "\",\"" + B + "\"]}");
        assertTrue(both.matches(bytes(B), List.of()));
        assertFalse(both.matches(bytes("0x" + "cc".repeat(20)), List.of()));
        assertEquals(LogFilter.ANY, parse("{\"address\":[]}"), "an empty address list matches any address");
        assertEquals(LogFilter.ANY, parse("{\"address\":null,\"topics\":null}"));
    }

    @Test
    void topicsArePositionalWithWildcardsAndAlternatives() {
        LogFilter filter = parse("{\"topics\":[\"" + T1 + "\",null,[\"" + T2 + "\",\"" + T3 + "\"]]}");
        assertTrue(filter.matches(bytes(A), topics(T1, T1, T2)));
        assertTrue(filter.matches(bytes(A), topics(T1, T3, T3, T1)), "extra log topics are fine");
        assertFalse(filter.matches(bytes(A), topics(T2, T1, T2)), "first position must be T1");
        assertFalse(filter.matches(bytes(A), topics(T1, T1, T1)), "third position must be T2 or T3");
        assertFalse(filter.matches(bytes(A), topics(T1, T1)), "fewer topics than positions");
        LogFilter trailingWildcard = parse("{\"topics\":[\"" + T1 + "\",null]}");
        assertFalse(trailingWildcard.matches(bytes(A), topics(T1)), "a wildcard position still needs a topic");
        assertTrue(trailingWildcard.matches(bytes(A), topics(T1, T3)));
        assertTrue(parse("{\"topics\":[[]]}").matches(bytes(A), topics(T2)), "an empty alternative set is a wildcard");
    }

    @Test
    void blockRangeAndHashAreParsed() {
        LogFilter range = parse("{\"fromBlock\":\"0x10\",\"toBlock\":\"latest\"}");
        assertEquals(Optional.of(new BlockTag.Number(16)), range.fromBlock());
        assertEquals(Optional.of(BlockTag.Named.LATEST), range.toBlock());
        assertTrue(range.blockHash().isEmpty());
        LogFilter hash = parse("{\"blockHash\":\"" + T1 + "\"}");
        assertTrue(Arrays.equals(bytes(T1), hash.blockHash().orElseThrow()));
        assertEquals(hash, parse("{\"blockHash\":\"" + T1 + "\"}"), "filters compare by content");
        assertEquals(hash.hashCode(), parse("{\"blockHash\":\"" + T1 + "\"}").hashCode());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[]|expected an object, got []",
                "{\"address\":5}|address: expected an address or an array of addresses, got 5",
                "{\"address\":\"0x12\"}|address: expected 20 bytes, got 1",
                "{\"address\":[\"zz\"]}|address: \"zz\" is not hex data (missing 0x prefix)",
                "{\"topics\":\"0x\"}|topics: expected an array",
                "{\"topics\":[1]}|topics: each position is null, a topic or an array of topics, got 1",
                "{\"topics\":[[null]]}|topic: expected 32 bytes of 0x-prefixed hex, got null",
                "{\"topics\":[null,null,null,null,null]}|topics: at most 4 positions, got 5",
                "{\"topics\":[\"0x01\"]}|topic: expected 32 bytes, got 1",
                "{\"fromBlock\":\"soon\"}|fromBlock: \"soon\" is not a block number or one of latest",
                "{\"toBlock\":7}|toBlock: expected a block number or tag, got 7",
                "{\"blockHash\":\"0x01\"}|blockHash: expected 32 bytes, got 1",
                "{\"blockHash\":\"0x0101010101010101010101010101010101010101010101010101010101010101\",\"fromBlock\":\"0x1\"}|blockHash cannot be combined with fromBlock or toBlock",
                "{\"addresses\":[]}|unknown field 'addresses'",
            })
    void malformedFiltersAreInvalidParams(String json, String message) {
        RpcException e = assertThrows(RpcException.class, () -> parse(json));
        assertEquals(RpcErrorCode.INVALID_PARAMS, e.code());
        assertTrue(e.getMessage().startsWith("invalid filter: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void tooManyAddressesAreRefused() {
        StringBuilder json = new StringBuilder("{\"address\":[");
        for (int i = 0; i <= LogFilter.MAX_ADDRESSES; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(A).append('"');
        }
        RpcException e =
                assertThrows(RpcException.class, () -> parse(json.append("]}").toString()));
        assertTrue(e.getMessage().contains("at most 1000 addresses"), e.getMessage());
    }

    @Test
    void theRecordChecksWhatItIsGiven() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new LogFilter(
                        Optional.empty(), Optional.empty(), Optional.empty(), List.of(new byte[19]), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LogFilter(
                        Optional.of(BlockTag.Named.LATEST),
                        Optional.empty(),
                        Optional.of(new byte[32]),
                        List.of(),
                        List.of()));
    }

    private static LogFilter parse(String json) {
        return LogFilter.parse(RpcClient.parse(json));
    }

    private static byte[] bytes(String hex) {
        return Hex.parseData(hex);
    }

    private static List<byte[]> topics(String... hex) {
        return Arrays.stream(hex).map(Hex::parseData).toList();
    }
}
