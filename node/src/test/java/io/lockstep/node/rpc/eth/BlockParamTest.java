package io.lockstep.node.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.testing.TestNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The block param of every method that reads state at a block, in each of its forms: a number or tag, a
 * block hash, and EIP-1898's {@code {"blockNumber": n}} and {@code {"blockHash": h, "requireCanonical": b}};
 * and the errors for a hash the node does not have, a number above the head, a malformed object and a
 * pruned state. The node keeps four versions of the state, so early blocks are pruned.
 */
class BlockParamTest {

    private static final String UNKNOWN_HASH = "0x" + "ab".repeat(32);

    @TempDir
    static Path dir;

    private static TestNode node;
    private static Credentials alice;
    private static String bob;
    private static String ledger;
    /** A block whose state is kept and differs from the head's in every method's answer. */
    private static long at;

    private static String atHash;
    /** Block 1, the ledger's deploy, whose state is pruned. */
    private static String prunedHash;

    /** One method that takes a block, with its params for a given block param. */
    private record Read(String method, Function<Object, Object[]> params) {
        Object[] at(Object block) {
            return params.apply(block);
        }
    }

    private static List<Read> reads;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, TestNode.Options.DEFAULT.withRetainVersions(4));
        alice = node.account(0);
        bob = node.account(1).getAddress();
        JsonNode deploy = node.transact(alice, null, BigInteger.ZERO, TestNode.contract("ledger.wat"), 20_000_000);
        assertEquals("0x1", deploy.get("blockNumber").textValue());
        ledger = deploy.get("contractAddress").textValue();
        prunedHash = deploy.get("blockHash").textValue();
        store(new byte[] {0x11});
        for (int i = 0; i < 4; i++) {
            node.transact(alice, bob, BigInteger.TEN, new byte[0], 21_000);
        }
        at = node.blockNumber();
        atHash = hashOf(at);
        node.transact(alice, bob, BigInteger.TEN, new byte[0], 21_000);
        store(new byte[] {0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22});
        Map<String, String> ledgerRead = Map.of("from", alice.getAddress(), "to", ledger, "data", "0x02");
        reads = List.of(
                new Read("eth_getBalance", b -> new Object[] {alice.getAddress(), b}),
                new Read("eth_getTransactionCount", b -> new Object[] {alice.getAddress(), b}),
                new Read("eth_getCode", b -> new Object[] {ledger, b}),
                new Read("eth_getStorageAt", b -> new Object[] {ledger, "0x0", b}),
                new Read("eth_call", b -> new Object[] {ledgerRead, b}),
                new Read("eth_estimateGas", b -> new Object[] {ledgerRead, b}),
                new Read("eth_getProof", b -> new Object[] {alice.getAddress(), List.of("0x0"), b}),
                new Read("lockstep_getStorage", b -> new Object[] {ledger, "0x6b6579", b}),
                new Read("lockstep_getModel", b -> new Object[] {"no-such-model", b}));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyFormOfABlockNamesTheSameBlock() {
        String number = Hex.quantity(at);
        for (Read read : reads) {
            JsonNode expected = node.result(read.method(), read.at(number));
            for (Object form : List.of(
                    atHash,
                    Map.of("blockNumber", number),
                    Map.of("blockHash", atHash),
                    object("blockHash", atHash, "requireCanonical", true),
                    object("blockHash", atHash, "requireCanonical", false))) {
                assertEquals(
                        expected,
                        node.result(read.method(), read.at(form)),
                        () -> read.method() + " at " + TestNode.toJson(form));
            }
        }
    }

    @Test
    void theBlockNamedIsReadNotTheHead() {
        // Alice sent a transfer and a store after the block, and the ledger's value grew from 1 to 8 bytes.
        Map<String, Object> byHash = Map.of("blockHash", atHash);
        assertEquals(
                BigInteger.valueOf(at),
                quantity(node.result("eth_getTransactionCount", alice.getAddress(), byHash)),
                "one transaction of alice's in each block: the deploy, the first store, the transfers");
        assertEquals(
                quantity(node.result("eth_getTransactionCount", alice.getAddress(), "latest"))
                        .subtract(BigInteger.TWO),
                quantity(node.result("eth_getTransactionCount", alice.getAddress(), byHash)));
        Map<String, String> ledgerRead = Map.of("to", ledger, "data", "0x02");
        assertEquals("0x11", node.result("eth_call", ledgerRead, byHash).textValue());
        assertEquals(
                "0x2222222222222222",
                node.result("eth_call", ledgerRead, "latest").textValue());
        assertEquals(
                "0x11",
                node.result("lockstep_getStorage", ledger, "0x6b6579", byHash).textValue());
        // eth_estimateGas is left out: reading one byte or eight costs the same gas.
        for (Read read : List.of(reads.get(0), reads.get(4), reads.get(6))) {
            assertNotEquals(
                    node.result(read.method(), read.at("latest")),
                    node.result(read.method(), read.at(byHash)),
                    () -> read.method() + " reads the block, not the head");
        }
        String stateRoot = node.result("eth_getBlockByHash", atHash, false)
                .get("stateRoot")
                .textValue();
        assertEquals(
                stateRoot,
                node.result("eth_getProof", alice.getAddress(), List.of(), byHash)
                        .get("storageHash")
                        .textValue());
    }

    @Test
    void pendingInAnObjectIsTheMempoolsNonce() {
        assertEquals(
                node.result("eth_getTransactionCount", alice.getAddress(), "pending"),
                node.result("eth_getTransactionCount", alice.getAddress(), Map.of("blockNumber", "pending")));
    }

    @Test
    void anUnknownHashIsHeaderForHashNotFound() {
        for (Read read : reads) {
            for (Object form : List.of(
                    UNKNOWN_HASH,
                    Map.of("blockHash", UNKNOWN_HASH),
                    object("blockHash", UNKNOWN_HASH, "requireCanonical", true))) {
                JsonNode error = node.error(read.method(), read.at(form));
                assertEquals(-32000, error.get("code").intValue(), () -> read.method() + ": " + error);
                assertEquals(
                        "header for hash not found",
                        error.get("message").textValue(),
                        () -> read.method() + ": " + error);
            }
        }
    }

    @Test
    void aNumberAboveTheHeadIsHeaderNotFound() {
        for (Read read : reads) {
            for (Object form : List.of("0xffffff", Map.of("blockNumber", "0xffffff"))) {
                JsonNode error = node.error(read.method(), read.at(form));
                assertEquals(-32000, error.get("code").intValue(), () -> read.method() + ": " + error);
                assertEquals("header not found", error.get("message").textValue(), () -> read.method() + ": " + error);
            }
        }
    }

    @Test
    void malformedBlockObjectsAreInvalidParams() {
        String number = Hex.quantity(at);
        Map<String, Object> both = object("blockHash", atHash, "blockNumber", number);
        for (Read read : reads) {
            assertInvalid(node.error(read.method(), read.at(both)), "exactly one of blockHash and blockNumber", read);
            assertInvalid(
                    node.error(read.method(), read.at(Map.of())), "exactly one of blockHash and blockNumber", read);
            assertInvalid(
                    node.error(read.method(), read.at(object("blockHash", atHash, "requireCanonical", "yes"))),
                    "requireCanonical must be a boolean",
                    read);
            assertInvalid(node.error(read.method(), read.at(Map.of("blockHash", "0x12"))), "blockHash", read);
            assertInvalid(node.error(read.method(), read.at(Map.of("blockNumber", "0x01"))), "blockNumber", read);
            assertInvalid(node.error(read.method(), read.at(Map.of("number", number))), "unknown field", read);
            assertInvalid(node.error(read.method(), read.at(List.of(number))), "expected a block number", read);
        }
    }

    @Test
    void aPrunedStateIsMissingWhicheverWayItsBlockIsNamed() {
        long oldest = node.node().chain().oldestStateHeight();
        assertTrue(oldest > 1 && oldest <= at, "block 1 is pruned and the chosen block is kept: " + oldest);
        for (Read read : reads) {
            JsonNode byNumber = node.error(read.method(), read.at("0x1"));
            assertEquals(-32000, byNumber.get("code").intValue(), () -> read.method() + ": " + byNumber);
            assertTrue(
                    byNumber.get("message").textValue().startsWith("missing trie node: the state of block 1 is pruned"),
                    () -> read.method() + ": " + byNumber);
            for (Object form : List.of(prunedHash, Map.of("blockHash", prunedHash), Map.of("blockNumber", "0x1"))) {
                assertEquals(
                        byNumber,
                        node.error(read.method(), read.at(form)),
                        () -> read.method() + " at " + TestNode.toJson(form));
            }
        }
    }

    private static void store(byte[] value) {
        byte[] data = Arrays.copyOf(new byte[] {1}, 1 + value.length);
        System.arraycopy(value, 0, data, 1, value.length);
        JsonNode receipt = node.transact(alice, ledger, BigInteger.ZERO, data, 1_000_000);
        assertEquals("0x1", receipt.get("status").textValue(), receipt::toString);
    }

    private static String hashOf(long height) {
        return node.result("eth_getBlockByNumber", Hex.quantity(height), false)
                .get("hash")
                .textValue();
    }

    /** An object with its members in the order given, values of any type. */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static void assertInvalid(JsonNode error, String messagePart, Read read) {
        assertEquals(-32602, error.get("code").intValue(), () -> read.method() + ": " + error);
        assertTrue(error.get("message").textValue().contains(messagePart), () -> read.method() + ": " + error);
    }

    private static BigInteger quantity(JsonNode value) {
        return Numeric.toBigInt(value.textValue());
    }
}
