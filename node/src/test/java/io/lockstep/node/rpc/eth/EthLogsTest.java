package io.lockstep.node.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.core.chain.Bloom;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.LogFilter;
import io.lockstep.node.testing.TestNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * {@code eth_getLogs} on a real node: address and topic filters, alternatives, ranges and their defaults,
 * {@code blockHash}, and the errors and limits. Two ledger contracts log one topic per call in blocks A, B
 * and C (two logs in C); then a third contract logs 1,000 times in each of eleven blocks, past the
 * 10,000-log limit.
 */
class EthLogsTest {

    private static final String T1 = word(0x11);
    private static final String T2 = word(0x22);
    private static final String T3 = word(0x33);
    private static final String SPAM = word(0x5a);
    private static final int SPAM_BLOCKS = 11;
    private static final int LOGS_PER_SPAM_BLOCK = 1000;

    @TempDir
    static Path dir;

    private static TestNode node;
    private static Credentials alice;
    private static String l1;
    private static String l2;
    private static String spammer;
    private static JsonNode logA;
    private static JsonNode logB;
    private static JsonNode logC1;
    private static JsonNode logC2;
    private static long blockA;
    private static long blockB;
    private static long blockC;
    private static String hashC;
    private static long firstSpam;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
        alice = node.account(0);
        byte[] ledger = TestNode.contract("ledger.wat");
        l1 = node.deploy(alice, ledger);
        l2 = node.deploy(node.account(1), ledger);
        spammer = node.deploy(alice, TestNode.contract("slots.wat"));

        JsonNode a = node.transact(alice, l1, BigInteger.ZERO, ledgerInput(T1), 1_000_000);
        JsonNode b = node.transact(alice, l2, BigInteger.ZERO, ledgerInput(T2), 1_000_000);
        long nonce = node.nonce(alice);
        List<JsonNode> c =
                node.inOneBlock(List.of(call(nonce, l1, ledgerInput(T3)), call(nonce + 1, l2, ledgerInput(T1))));
        logA = onlyLog(a);
        logB = onlyLog(b);
        logC1 = onlyLog(c.get(0));
        logC2 = onlyLog(c.get(1));
        blockA = number(a.get("blockNumber"));
        blockB = number(b.get("blockNumber"));
        blockC = number(c.get(0).get("blockNumber"));
        hashC = c.get(0).get("blockHash").textValue();

        byte[] spam = EthQueriesTest.concat(
                new byte[] {2, (byte) (LOGS_PER_SPAM_BLOCK >> 8), (byte) LOGS_PER_SPAM_BLOCK},
                Numeric.hexStringToByteArray(SPAM));
        for (int i = 0; i < SPAM_BLOCKS; i++) {
            JsonNode receipt = node.transact(alice, spammer, BigInteger.ZERO, spam, 10_000_000);
            assertEquals("0x1", receipt.get("status").textValue(), receipt::toString);
            assertEquals(LOGS_PER_SPAM_BLOCK, receipt.get("logs").size());
            long height = number(receipt.get("blockNumber"));
            if (i == 0) {
                firstSpam = height;
            } else {
                assertEquals(firstSpam + i, height, "one spam call per block");
            }
        }
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void anAddressFilterFindsThatContractsLogsInBlockOrder() {
        assertEquals(List.of(logA, logC1), logs(range(blockA, blockC, "address", l1)));
        assertEquals(List.of(logB, logC2), logs(range(blockA, blockC, "address", List.of(l2))));
        assertEquals(List.of(logA, logB, logC1, logC2), logs(range(blockA, blockC, "address", List.of(l1, l2))));
        assertEquals(List.of(logA, logB, logC1, logC2), logs(range(blockA, blockC, "address", List.of())));
        assertEquals(
                List.of(),
                logs(range(0, blockC, "address", "0x00000000000000000000000000000000000b0b00")),
                "an address that never logged");
        assertEquals("0x1", logC2.get("logIndex").textValue(), "log indices count over the block");
    }

    @Test
    void topicFiltersArePositionalWithAlternativesAndWildcards() {
        assertEquals(List.of(logA, logC2), logs(range(blockA, blockC, "topics", List.of(T1))));
        assertEquals(List.of(logA, logB, logC2), logs(range(blockA, blockC, "topics", List.of(List.of(T1, T2)))));
        assertEquals(List.of(logA, logB, logC1, logC2), logs(range(blockA, blockC, "topics", List.of(List.of()))));
        assertEquals(List.of(logA, logB, logC1, logC2), logs(range(blockA, blockC, "topics", nullPosition())));
        List<Object> twoPositions = new ArrayList<>(List.of(T1));
        twoPositions.add(null);
        assertEquals(List.of(), logs(range(blockA, blockC, "topics", twoPositions)), "every ledger log has one topic");
        Map<String, Object> both = range(blockA, blockC, "topics", List.of(T1));
        both.put("address", l2);
        assertEquals(List.of(logC2), logs(both));
    }

    @Test
    void theHeaderBloomRulesOutBlocksThatCannotMatch() {
        Bloom bloomA = new Bloom(Numeric.hexStringToByteArray(node.result("eth_getBlockByNumber", hex(blockA), false)
                .get("logsBloom")
                .textValue()));
        assertTrue(EthGetLogs.mayMatch(bloomA, filter(Map.of("address", l1, "topics", List.of(T1)))));
        assertTrue(EthGetLogs.mayMatch(bloomA, filter(Map.of("address", List.of(l2, l1)))));
        assertFalse(EthGetLogs.mayMatch(bloomA, filter(Map.of("address", l2))), "block A has no log of l2");
        assertFalse(EthGetLogs.mayMatch(bloomA, filter(Map.of("topics", List.of(T2)))));
        assertFalse(EthGetLogs.mayMatch(bloomA, filter(Map.of("topics", List.of(List.of(), T2)))));
        assertTrue(
                EthGetLogs.mayMatch(bloomA, filter(Map.of("topics", List.of(List.of(), T1)))),
                "a bloom has no positions: T1 is there, if not in the second");
        assertFalse(EthGetLogs.mayMatch(Bloom.EMPTY, LogFilter.ANY), "a block without logs");
    }

    @Test
    void rangesDefaultToTheLatestBlock() {
        assertEquals(List.of(logB), logs(range(blockB, blockB, "address", List.of())));
        assertEquals(List.of(logC1), logs(Map.of("fromBlock", Hex.quantity(blockB), "address", l1)), "to latest");
        assertEquals(
                List.of(logA, logC1), logs(Map.of("fromBlock", "earliest", "toBlock", hex(blockC), "address", l1)));
        assertEquals(List.of(), logs(Map.of("address", l1)), "latest only: the last spam block");
        JsonNode latest = node.result("eth_getLogs", Map.of());
        assertEquals(LOGS_PER_SPAM_BLOCK, latest.size());
        assertEquals(
                Hex.quantity(firstSpam + SPAM_BLOCKS - 1),
                latest.get(0).get("blockNumber").textValue());
    }

    @Test
    void aBlockHashNamesOneBlockAndExcludesARange() {
        assertEquals(List.of(logC1, logC2), logs(Map.of("blockHash", hashC)));
        assertEquals(List.of(logC1), logs(Map.of("blockHash", hashC, "topics", List.of(T3))));
        JsonNode unknown = node.error("eth_getLogs", Map.of("blockHash", word(0xee)));
        assertEquals(-32000, unknown.get("code").intValue());
        assertTrue(unknown.get("message").textValue().startsWith("unknown block"), unknown::toString);
        assertInvalid(
                node.error("eth_getLogs", Map.of("blockHash", hashC, "fromBlock", "0x1")),
                "blockHash cannot be combined");
    }

    @Test
    void badRangesAreInvalidParams() {
        assertInvalid(node.error("eth_getLogs", range(blockC, blockB, "address", l1)), "invalid block range params");
        long head = node.blockNumber();
        assertInvalid(
                node.error("eth_getLogs", range(blockA, head + 1, "address", l1)),
                "block range extends beyond current head block");
        assertInvalid(node.error("eth_getLogs", Map.of("toBlock", 5)), "toBlock");
        assertInvalid(node.error("eth_getLogs", Map.of("fromBlock", "0x1", "limit", "0x1")), "unknown field 'limit'");
        assertInvalid(node.error("eth_getLogs", "latest"), "expected an object");
        assertInvalid(node.error("eth_getLogs"), "expected 1 param");
    }

    @Test
    void moreThanTenThousandBlocksOrLogsIsLimitExceeded() {
        JsonNode blocks = node.error("eth_getLogs", range(0, 10_000, "address", l1));
        assertEquals(-32005, blocks.get("code").intValue());
        assertTrue(blocks.get("message").textValue().contains("at most 10000 blocks"), blocks::toString);
        assertInvalid(
                node.error("eth_getLogs", range(0, 9_999, "address", l1)),
                "beyond current head block"); // 10,000 blocks are within the limit

        JsonNode logs = node.error("eth_getLogs", range(firstSpam, firstSpam + SPAM_BLOCKS - 1, "address", spammer));
        assertEquals(-32005, logs.get("code").intValue());
        assertTrue(logs.get("message").textValue().contains("at most 10000"), logs::toString);

        JsonNode tenThousand = node.result("eth_getLogs", range(firstSpam, firstSpam + 9, "topics", List.of(SPAM)));
        assertEquals(10_000, tenThousand.size(), "exactly the limit is answered");
        for (int i = 0; i < tenThousand.size(); i++) {
            JsonNode log = tenThousand.get(i);
            assertEquals(spammer, log.get("address").textValue());
            assertEquals(
                    Hex.quantity(firstSpam + i / LOGS_PER_SPAM_BLOCK),
                    log.get("blockNumber").textValue());
            assertEquals(
                    Hex.quantity(i % LOGS_PER_SPAM_BLOCK), log.get("logIndex").textValue());
        }
    }

    private static List<JsonNode> logs(Map<String, Object> filter) {
        List<JsonNode> out = new ArrayList<>();
        node.result("eth_getLogs", filter).forEach(out::add);
        return out;
    }

    private static LogFilter filter(Map<String, Object> json) {
        return LogFilter.parse(TestNode.parse(TestNode.toJson(json)));
    }

    private static Map<String, Object> range(long from, long to, String field, Object value) {
        Map<String, Object> filter = new HashMap<>();
        filter.put("fromBlock", hex(from));
        filter.put("toBlock", hex(to));
        filter.put(field, value);
        return filter;
    }

    private static List<Object> nullPosition() {
        List<Object> topics = new ArrayList<>();
        topics.add(null);
        return topics;
    }

    private static JsonNode onlyLog(JsonNode receipt) {
        assertEquals("0x1", receipt.get("status").textValue(), receipt::toString);
        assertEquals(1, receipt.get("logs").size());
        return receipt.get("logs").get(0);
    }

    private static byte[] call(long nonce, String to, byte[] data) {
        return TestNode.sign(
                alice,
                nonce,
                to,
                BigInteger.ZERO,
                data,
                1_000_000,
                TestNode.GWEI,
                TestNode.GWEI.multiply(BigInteger.TWO));
    }

    /** Ledger input that stores and logs: the log's one topic is {@code topic}. */
    private static byte[] ledgerInput(String topic) {
        return EthQueriesTest.concat(new byte[] {1}, Numeric.hexStringToByteArray(topic));
    }

    private static String word(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return Hex.data(bytes);
    }

    private static String hex(long value) {
        return Hex.quantity(value);
    }

    private static long number(JsonNode quantity) {
        return Numeric.toBigInt(quantity.textValue()).longValueExact();
    }

    private static void assertInvalid(JsonNode error, String messagePart) {
        assertEquals(-32602, error.get("code").intValue(), error::toString);
        assertTrue(error.get("message").textValue().contains(messagePart), error::toString);
    }
}
