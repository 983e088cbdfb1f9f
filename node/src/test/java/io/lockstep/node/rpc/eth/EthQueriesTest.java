package io.lockstep.node.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.testing.TestNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * {@code eth_feeHistory}, {@code eth_getStorageAt}, {@code lockstep_getStorage} and {@code
 * eth_getBlockReceipts} on a real node over HTTP, with values checked exactly.
 */
class EthQueriesTest {

    private static final BigInteger GWEI = TestNode.GWEI;
    private static final String ZERO_WORD = "0x" + "00".repeat(32);

    @TempDir
    static Path dir;

    private static TestNode node;
    private static Credentials alice;
    private static String bob;
    private static String ledger;
    private static String slots;
    /** Blocks 0 and 1: genesis, then the ledger's deploy, alice's first transaction. */
    private static JsonNode ledgerDeploy;
    /** The block where slots 0 and 1 and the ledger's "key" were written. */
    private static long storedAt;

    private static final byte[] LONG_VALUE = new byte[40];
    private static final byte[] LEDGER_VALUE = Numeric.hexStringToByteArray("0x" + "5a".repeat(32) + "0102");

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
        alice = node.account(0);
        bob = node.account(1).getAddress();
        ledgerDeploy = node.transact(alice, null, BigInteger.ZERO, TestNode.contract("ledger.wat"), 20_000_000);
        assertEquals("0x1", ledgerDeploy.get("status").textValue());
        assertEquals("0x1", ledgerDeploy.get("blockNumber").textValue());
        ledger = ledgerDeploy.get("contractAddress").textValue();
        slots = node.deploy(alice, TestNode.contract("slots.wat"));
        for (int i = 0; i < LONG_VALUE.length; i++) {
            LONG_VALUE[i] = (byte) (i + 1);
        }
        long nonce = node.nonce(alice);
        List<JsonNode> stored = node.inOneBlock(List.of(
                call(nonce, slots, store(0, new byte[] {0x38})),
                call(nonce + 1, slots, store(1, LONG_VALUE)),
                call(nonce + 2, ledger, concat(new byte[] {1}, LEDGER_VALUE))));
        stored.forEach(r -> assertEquals("0x1", r.get("status").textValue(), r::toString));
        storedAt = quantity(stored.get(0).get("blockNumber"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void feeHistoryGivesTipsAtPercentilesWeightedByGasAsEthereumClientsDo() {
        long nonce = node.nonce(alice);
        BigInteger one = BigInteger.ONE;
        List<JsonNode> receipts = node.inOneBlock(List.of(
                // legacy at base fee + 3 gwei: tip 3 gwei
                TestNode.signLegacy(alice, nonce, bob, one, new byte[0], 21_000, TestNode.BASE_FEE.add(gwei(3))),
                // tip 1 gwei under a high cap
                TestNode.sign(alice, nonce + 1, bob, one, new byte[0], 21_000, gwei(1), gwei(10)),
                // tip 3 gwei, but the cap leaves 2 gwei above the base fee
                TestNode.sign(
                        alice, nonce + 2, bob, one, new byte[0], 21_000, gwei(3), TestNode.BASE_FEE.add(gwei(2)))));
        receipts.forEach(r -> assertEquals("0x5208", r.get("gasUsed").textValue()));
        String block = receipts.get(0).get("blockNumber").textValue();

        // Sorted by tip: 1, 2, 3 gwei, 21,000 gas each of 63,000. 33% is 20,790 gas, within the first; 33.4% is
        // 21,042, past it; 66.6% is 41,958, within the second; 66.7% is 42,021, past it.
        JsonNode history = node.result("eth_feeHistory", "0x1", block, List.of(0, 33, 33.4, 66.6, 66.7, 100));
        assertEquals(block, history.get("oldestBlock").textValue());
        assertEquals(List.of("0x3b9aca00", "0x3b9aca00"), strings(history.get("baseFeePerGas")));
        assertEquals(1, history.get("gasUsedRatio").size());
        assertEquals(63_000.0 / 30_000_000, history.get("gasUsedRatio").get(0).doubleValue());
        List<String> expected =
                List.of(hex(gwei(1)), hex(gwei(1)), hex(gwei(2)), hex(gwei(2)), hex(gwei(3)), hex(gwei(3)));
        assertEquals(expected, strings(history.get("reward").get(0)));

        JsonNode three = node.result("eth_feeHistory", "0x3", block, List.of(50));
        assertEquals(
                Hex.quantity(quantity(history.get("oldestBlock")) - 2),
                three.get("oldestBlock").textValue());
        assertEquals(4, three.get("baseFeePerGas").size());
        assertEquals(3, three.get("gasUsedRatio").size());
        assertEquals(List.of(hex(gwei(2))), strings(three.get("reward").get(2)));
    }

    @Test
    void feeHistoryOfEmptyBlocksHasZeroRewardsAndIsCutAtGenesis() {
        // Block 0 is empty; block 1 is the ledger's deploy, whose tip was 1 gwei.
        JsonNode history = node.result("eth_feeHistory", "0x2", "0x1", List.of(50));
        assertEquals("0x0", history.get("oldestBlock").textValue());
        assertEquals(List.of("0x3b9aca00", "0x3b9aca00", "0x3b9aca00"), strings(history.get("baseFeePerGas")));
        assertEquals(0.0, history.get("gasUsedRatio").get(0).doubleValue());
        assertEquals(
                quantity(ledgerDeploy.get("gasUsed")) / 30_000_000.0,
                history.get("gasUsedRatio").get(1).doubleValue());
        assertEquals(List.of("0x0"), strings(history.get("reward").get(0)));
        assertEquals(List.of(hex(gwei(1))), strings(history.get("reward").get(1)));

        JsonNode clipped = node.result("eth_feeHistory", "0x400", "0x1");
        assertEquals("0x0", clipped.get("oldestBlock").textValue());
        assertEquals(3, clipped.get("baseFeePerGas").size());
        assertEquals(Set.of("oldestBlock", "baseFeePerGas", "gasUsedRatio"), fieldNames(clipped), "no reward asked");
        assertEquals(clipped, node.result("eth_feeHistory", 1024, "0x1", null), "blockCount as a JSON number");
    }

    @Test
    void feeHistoryRefusesCountsAndPercentilesOutOfRange() {
        assertInvalid(node.error("eth_feeHistory", "0x0", "latest"), "1 to 1024");
        assertInvalid(node.error("eth_feeHistory", "0x401", "latest"), "1 to 1024");
        assertInvalid(node.error("eth_feeHistory", "0x1", "latest", List.of(50, 10)), "must ascend");
        assertInvalid(node.error("eth_feeHistory", "0x1", "latest", List.of(10, 10)), "must ascend");
        assertInvalid(node.error("eth_feeHistory", "0x1", "latest", List.of(101)), "outside [0, 100]");
        assertInvalid(node.error("eth_feeHistory", "0x1", "latest", List.of(-1)), "outside [0, 100]");
        assertInvalid(node.error("eth_feeHistory", "0x1", "latest", List.of("50")), "not a number");
        assertInvalid(node.error("eth_feeHistory", "0x1", "latest", "50"), "expected an array");
        assertInvalid(node.error("eth_feeHistory", "0x1"), "expected 2 to 3 params");
        JsonNode future = node.error("eth_feeHistory", "0x1", "0xffffff");
        assertEquals(-32000, future.get("code").intValue());
        assertEquals("header not found", future.get("message").textValue());
    }

    @Test
    void storageAtReadsThirtyTwoByteSlotsAsEthereumWords() {
        String slot0 = "0x" + "00".repeat(31) + "38";
        assertEquals(
                slot0, node.result("eth_getStorageAt", slots, "0x0", "latest").textValue());
        assertEquals(
                slot0, node.result("eth_getStorageAt", slots, "0x00", "latest").textValue());
        assertEquals(
                slot0,
                node.result("eth_getStorageAt", slots, ZERO_WORD, "latest").textValue());
        assertEquals(slot0, node.result("eth_getStorageAt", slots, "0x0").textValue(), "latest by default");
        assertEquals(
                Hex.data(LONG_VALUE),
                node.result("eth_getStorageAt", slots, "0x1", "latest").textValue());
        assertEquals(
                ZERO_WORD,
                node.result("eth_getStorageAt", slots, "0x2", "latest").textValue());
        assertEquals(
                ZERO_WORD,
                node.result("eth_getStorageAt", "0xc1cadaffffffffffffffffffffffffffffffffff", "0x0", "latest")
                        .textValue());

        assertEquals(
                ZERO_WORD,
                node.result("eth_getStorageAt", slots, "0x0", Hex.quantity(storedAt - 1))
                        .textValue(),
                "not yet written");
        String storedHash = node.result("eth_getBlockByNumber", Hex.quantity(storedAt), false)
                .get("hash")
                .textValue();
        assertEquals(
                slot0, node.result("eth_getStorageAt", slots, "0x0", storedHash).textValue());
        assertEquals(
                slot0,
                node.result("eth_getStorageAt", slots, "0x0", Map.of("blockHash", storedHash))
                        .textValue());
        assertEquals(
                slot0,
                node.result("eth_getStorageAt", slots, "0x0", Map.of("blockNumber", Hex.quantity(storedAt)))
                        .textValue());
    }

    @Test
    void storageAtRefusesBadSlotsAndUnknownBlocks() {
        assertInvalid(node.error("eth_getStorageAt", slots, "0xasdf", "latest"), "invalid hex in storage key");
        assertInvalid(node.error("eth_getStorageAt", slots, "0x" + "0".repeat(65), "latest"), "storage key too long");
        assertInvalid(node.error("eth_getStorageAt", slots, 0, "latest"), "expected a storage slot");
        assertInvalid(node.error("eth_getStorageAt", slots, "0x0", Map.of()), "exactly one of blockHash");
        JsonNode future = node.error("eth_getStorageAt", slots, "0x0", "0xffffff");
        assertEquals(-32000, future.get("code").intValue());
        assertEquals("header not found", future.get("message").textValue());
        JsonNode unknown = node.error("eth_getStorageAt", slots, "0x0", "0x" + "ab".repeat(32));
        assertEquals(-32000, unknown.get("code").intValue());
        assertEquals("header for hash not found", unknown.get("message").textValue());
    }

    @Test
    void lockstepGetStorageReadsAnyKeyAndTheExactValue() {
        // Other tests call the ledger again: read it where this class's setup wrote it.
        String at = Hex.quantity(storedAt);
        assertEquals(
                Hex.data(LEDGER_VALUE),
                node.result("lockstep_getStorage", ledger, "0x6b6579", at).textValue(),
                "the ledger stores under the 3-byte key \"key\"");
        assertEquals(
                Hex.data(LEDGER_VALUE),
                node.result("lockstep_getStorage", ledger, "0x6b6579", Map.of("blockNumber", at))
                        .textValue());
        assertEquals(
                "0x38",
                node.result("lockstep_getStorage", slots, ZERO_WORD, "latest").textValue(),
                "no padding");
        assertTrue(node.result("lockstep_getStorage", slots, "0x00", "latest").isNull(), "key 0x00 is not slot 0");
        assertTrue(node.result("lockstep_getStorage", ledger, "0x6b6579", Hex.quantity(storedAt - 1))
                .isNull());
        assertFalse(node.result("lockstep_getStorage", ledger, "0x6b6579").isNull(), "latest by default");
        assertInvalid(
                node.error("lockstep_getStorage", ledger, "0x" + "00".repeat(257), "latest"), "at most 256 bytes");
        assertInvalid(node.error("lockstep_getStorage", ledger, "0x6b657", "latest"), "odd number of hex digits");
    }

    @Test
    void blockReceiptsAreTheReceiptsOfTheBlockWithLogIndicesCountedOverIt() {
        long nonce = node.nonce(alice);
        List<JsonNode> receipts = node.inOneBlock(List.of(
                call(nonce, ledger, ledgerLog(1)),
                call(nonce + 1, ledger, new byte[] {3}),
                call(nonce + 2, ledger, ledgerLog(2))));
        assertEquals("0x0", receipts.get(1).get("status").textValue(), "op 3 reverts");
        String number = receipts.get(0).get("blockNumber").textValue();
        String hash = receipts.get(0).get("blockHash").textValue();

        JsonNode byNumber = node.result("eth_getBlockReceipts", number);
        assertEquals(3, byNumber.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(receipts.get(i), byNumber.get(i));
        }
        assertEquals("0x0", byNumber.get(0).get("logs").get(0).get("logIndex").textValue());
        assertEquals(0, byNumber.get(1).get("logs").size());
        assertEquals("0x1", byNumber.get(2).get("logs").get(0).get("logIndex").textValue());
        assertEquals(byNumber, node.result("eth_getBlockReceipts", hash));
        assertEquals(byNumber, node.result("eth_getBlockReceipts", Map.of("blockHash", hash)));

        long head = node.blockNumber();
        assertEquals(
                node.result("eth_getBlockReceipts", Hex.quantity(head)), node.result("eth_getBlockReceipts", "latest"));
        assertEquals(0, node.result("eth_getBlockReceipts", "earliest").size());
        assertTrue(node.result("eth_getBlockReceipts", "0xffffff").isNull());
        assertTrue(node.result("eth_getBlockReceipts", "0x" + "00".repeat(28) + "deadbeef")
                .isNull());
        assertInvalid(node.error("eth_getBlockReceipts", "soon"), "param 0");
        assertInvalid(node.error("eth_getBlockReceipts"), "expected 1 param");
        assertInvalid(node.error("eth_getBlockReceipts", (Object) null), "missing param 0");
    }

    private static byte[] call(long nonce, String to, byte[] data) {
        return TestNode.sign(alice, nonce, to, BigInteger.ZERO, data, 1_000_000, GWEI, gwei(3));
    }

    /** Slots contract input: store {@code value} under slot {@code slot}. */
    static byte[] store(int slot, byte[] value) {
        byte[] key = new byte[32];
        key[31] = (byte) slot;
        return concat(new byte[] {1}, key, value);
    }

    /** Ledger input that logs one topic: 32 bytes of {@code fill}. */
    private static byte[] ledgerLog(int fill) {
        byte[] topic = new byte[32];
        java.util.Arrays.fill(topic, (byte) fill);
        return concat(new byte[] {1}, topic);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static void assertInvalid(JsonNode error, String messagePart) {
        assertEquals(-32602, error.get("code").intValue(), error::toString);
        assertTrue(error.get("message").textValue().contains(messagePart), error::toString);
    }

    private static BigInteger gwei(long n) {
        return GWEI.multiply(BigInteger.valueOf(n));
    }

    private static String hex(BigInteger value) {
        return Hex.quantity(value);
    }

    private static long quantity(JsonNode value) {
        return Numeric.toBigInt(value.textValue()).longValueExact();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.textValue()));
        return out;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> out = new java.util.TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        assertFalse(out.isEmpty());
        return out;
    }
}
