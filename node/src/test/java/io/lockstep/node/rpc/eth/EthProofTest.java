package io.lockstep.node.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.state.StateProof;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.testing.TestNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * {@code eth_getProof} verified as a client would (docs/spec/rpc.md): every proof is decoded and checked
 * against the block's state root, for accounts and slots that hold values and for ones that never did;
 * tampered proofs and proofs against another root fail. The node keeps four versions of the state, so
 * early blocks are pruned.
 */
class EthProofTest {

    private static final String ZERO_WORD = "0x" + "00".repeat(32);
    private static final String NEVER_USED = "0x00000000000000000000000000000000deadbeef";

    @TempDir
    static Path dir;

    private static TestNode node;
    private static Credentials alice;
    private static String slots;
    private static byte[] slotsWasm;
    /** The head once the setup is done; nothing changes the chain after. */
    private static long head;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, TestNode.Options.DEFAULT.withRetainVersions(4));
        alice = node.account(0);
        slotsWasm = TestNode.contract("slots.wat");
        slots = node.deploy(alice, slotsWasm);
        byte[] longValue = new byte[40];
        long nonce = node.nonce(alice);
        List<JsonNode> stored = node.inOneBlock(List.of(
                store(nonce, 0, new byte[] {0x38}),
                store(nonce + 1, 1, longValue),
                store(nonce + 2, 3, new byte[] {0x00, 0x38})));
        stored.forEach(r -> assertEquals("0x1", r.get("status").textValue(), r::toString));
        for (int i = 0; i < 6; i++) {
            node.transact(alice, node.account(1).getAddress(), BigInteger.TEN, new byte[0], 21_000);
        }
        head = node.blockNumber();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void anAccountProofVerifiesAgainstTheBlocksStateRoot() {
        String block = Hex.quantity(head);
        JsonNode proof = node.result("eth_getProof", alice.getAddress(), List.of(), block);
        byte[] root = stateRoot(head);
        assertEquals(Hex.data(root), proof.get("storageHash").textValue(), "one tree: the state root");
        assertEquals(alice.getAddress(), proof.get("address").textValue());
        assertEquals(node.result("eth_getBalance", alice.getAddress(), block), proof.get("balance"));
        assertEquals(node.result("eth_getTransactionCount", alice.getAddress(), block), proof.get("nonce"));
        assertEquals(
                "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                proof.get("codeHash").textValue(),
                "keccak256 of nothing, as Ethereum gives accounts without code");
        assertEquals(0, proof.get("storageProof").size());
        assertEquals(1, proof.get("accountProof").size());

        byte[] key = StateKeys.account(Address.fromHex(alice.getAddress()));
        byte[] account = new Account(
                        number(proof.get("nonce")).longValueExact(), number(proof.get("balance")), Optional.empty())
                .encode();
        StateProof decoded = StateProof.decode(bytes(proof.get("accountProof").get(0)));
        assertTrue(decoded.verify(root, key, account));
        assertFalse(decoded.verify(root, key, null), "the account exists");
        byte[] richer = new Account(
                        number(proof.get("nonce")).longValueExact(),
                        number(proof.get("balance")).add(BigInteger.ONE),
                        Optional.empty())
                .encode();
        assertFalse(decoded.verify(root, key, richer));
        assertFalse(decoded.verify(stateRoot(head - 1), key, account), "alice's account changed in the last block");

        JsonNode earlier = node.result("eth_getProof", alice.getAddress(), List.of(), Hex.quantity(head - 1));
        assertTrue(accountVerifies(earlier, stateRoot(head - 1)));
        assertFalse(accountVerifies(earlier, root));
    }

    @Test
    void storageProofsProveTheExactStoredBytesOrTheirAbsence() {
        JsonNode proof =
                node.result("eth_getProof", slots, List.of("0x0", "0x3", "0x2", ZERO_WORD), Hex.quantity(head));
        byte[] root = stateRoot(head);
        Address contract = Address.fromHex(slots);
        Hash32 codeHash = Hash32.sha256(slotsWasm);
        assertEquals(codeHash.toHex(), proof.get("codeHash").textValue(), "a contract's code hash is SHA-256");
        Account account = new Account(0, BigInteger.ZERO, Optional.of(codeHash));
        assertEquals("0x0", proof.get("nonce").textValue());
        assertEquals("0x0", proof.get("balance").textValue());
        assertTrue(StateProof.decode(bytes(proof.get("accountProof").get(0)))
                .verify(root, StateKeys.account(contract), account.encode()));

        JsonNode slot0 = proof.get("storageProof").get(0);
        assertEquals("0x0", slot0.get("key").textValue(), "the key as asked");
        assertEquals("0x38", slot0.get("value").textValue());
        assertEquals(List.of("0x38"), values(slot0));
        assertTrue(verifies(slot0, root, StateKeys.storage(contract, slot(0))));

        JsonNode slot3 = proof.get("storageProof").get(1);
        assertEquals("0x38", slot3.get("value").textValue(), "as a number, the leading zero byte is gone");
        assertEquals(List.of("0x0038"), values(slot3), "the proof's value is the stored bytes");
        assertTrue(verifies(slot3, root, StateKeys.storage(contract, slot(3))));
        assertFalse(StateProof.decode(bytes(slot3.get("proof").get(0)))
                .verify(root, StateKeys.storage(contract, slot(3)), new byte[] {0x38}));

        JsonNode slot2 = proof.get("storageProof").get(2);
        assertEquals("0x0", slot2.get("value").textValue());
        assertEquals(1, slot2.get("proof").size(), "nothing stored: the proof alone");
        assertTrue(verifies(slot2, root, StateKeys.storage(contract, slot(2))));

        JsonNode again = proof.get("storageProof").get(3);
        assertEquals(ZERO_WORD, again.get("key").textValue());
        assertEquals(slot0.get("proof"), again.get("proof"), "the same slot written another way");
    }

    @Test
    void anAccountAndSlotNeverUsedAreProvenAbsent() {
        JsonNode proof = node.result("eth_getProof", NEVER_USED, List.of("0x0"), "latest");
        byte[] root = stateRoot(head);
        assertEquals("0x0", proof.get("balance").textValue());
        assertEquals("0x0", proof.get("nonce").textValue());
        byte[] key = StateKeys.account(Address.fromHex(NEVER_USED));
        StateProof decoded = StateProof.decode(bytes(proof.get("accountProof").get(0)));
        assertTrue(decoded.verify(root, key, null));
        assertFalse(decoded.verify(root, key, Account.EMPTY.encode()), "absent, not an empty account stored");
        assertTrue(verifies(
                proof.get("storageProof").get(0), root, StateKeys.storage(Address.fromHex(NEVER_USED), slot(0))));
    }

    @Test
    void aTamperedProofNeverVerifies() {
        JsonNode proof = node.result("eth_getProof", slots, List.of("0x0"), Hex.quantity(head));
        byte[] root = stateRoot(head);
        Address contract = Address.fromHex(slots);
        byte[] accountValue = new Account(0, BigInteger.ZERO, Optional.of(Hash32.sha256(slotsWasm))).encode();
        byte[] accountProof = bytes(proof.get("accountProof").get(0));
        assertTrue(verifies(accountProof, root, StateKeys.account(contract), accountValue));
        byte[] slotProof = bytes(proof.get("storageProof").get(0).get("proof").get(0));
        byte[] slotKey = StateKeys.storage(contract, slot(0));
        assertTrue(verifies(slotProof, root, slotKey, new byte[] {0x38}));
        for (int i = 0; i < accountProof.length; i++) {
            byte[] tampered = accountProof.clone();
            tampered[i] ^= 0x01;
            assertFalse(verifies(tampered, root, StateKeys.account(contract), accountValue), "byte " + i);
        }
        for (int i = 0; i < slotProof.length; i++) {
            byte[] tampered = slotProof.clone();
            tampered[i] ^= 0x40;
            assertFalse(verifies(tampered, root, slotKey, new byte[] {0x38}), "byte " + i);
        }
        assertFalse(verifies(slotProof, root, slotKey, new byte[] {0x39}), "another value");
        assertFalse(verifies(slotProof, root, StateKeys.storage(contract, slot(1)), new byte[] {0x38}), "another key");
    }

    @Test
    void aBlockIsNamedByNumberHashOrObject() {
        String number = Hex.quantity(head - 1);
        String hash =
                node.result("eth_getBlockByNumber", number, false).get("hash").textValue();
        JsonNode byNumber = node.result("eth_getProof", slots, List.of("0x0"), number);
        assertEquals(byNumber, node.result("eth_getProof", slots, List.of("0x0"), hash));
        assertEquals(byNumber, node.result("eth_getProof", slots, List.of("0x0"), Map.of("blockHash", hash)));
        assertEquals(
                node.result("eth_getProof", slots, List.of("0x0"), "latest"),
                node.result("eth_getProof", slots, List.of("0x0")),
                "latest by default");
    }

    @Test
    void prunedStatesHaveNoProofs() {
        long oldest =
                number(node.result("lockstep_nodeInfo").get("oldestStateBlock")).longValueExact();
        assertEquals(head - 4, oldest, "four versions kept");
        for (JsonNode error : List.of(
                node.error("eth_getProof", alice.getAddress(), List.of(), "0x1"),
                node.error("eth_getStorageAt", slots, "0x0", "0x1"),
                node.error("lockstep_getStorage", slots, ZERO_WORD, "0x1"))) {
            assertEquals(-32000, error.get("code").intValue());
            assertEquals(
                    "missing trie node: the state of block 1 is pruned; this node keeps blocks " + oldest + " to "
                            + head,
                    error.get("message").textValue());
        }
        JsonNode atOldest = node.result("eth_getProof", alice.getAddress(), List.of(), Hex.quantity(oldest));
        assertTrue(accountVerifies(atOldest, stateRoot(oldest)), "the oldest kept state still proves");
    }

    @Test
    void badRequestsAreRefusedClearly() {
        JsonNode long40 = node.error("eth_getProof", slots, List.of("0x1"), "latest");
        assertEquals(-32000, long40.get("code").intValue());
        assertTrue(long40.get("message").textValue().contains("is 40 bytes"), long40::toString);
        assertInvalid(node.error("eth_getProof", slots, "0x0", "latest"), "expected an array of storage keys");
        assertInvalid(node.error("eth_getProof", slots, List.of("0xzz"), "latest"), "param 1[0]: invalid hex");
        assertInvalid(node.error("eth_getProof", slots, List.of("0x" + "1".repeat(65))), "storage key too long");
        assertInvalid(node.error("eth_getProof", slots), "expected 2 to 3 params");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(Hex.quantity(i));
        }
        JsonNode tooMany = node.error("eth_getProof", slots, many, "latest");
        assertEquals(-32005, tooMany.get("code").intValue());
        assertTrue(tooMany.get("message").textValue().contains("at most 1000"), tooMany::toString);
        JsonNode future = node.error("eth_getProof", slots, List.of(), "0xffffff");
        assertEquals(-32000, future.get("code").intValue());
        assertEquals("header not found", future.get("message").textValue());
    }

    @Test
    void anyKeyAndAnyValueIsProvenByLockstepGetStorageProof() {
        Address contract = Address.fromHex(slots);
        byte[] root = stateRoot(head);
        String block = Hex.quantity(head);
        for (int slot : new int[] {0, 1, 2, 3}) {
            String key = Hex.data(slot(slot));
            JsonNode proof = node.result("lockstep_getStorageProof", slots, key, block);
            assertEquals(node.result("lockstep_getStorage", slots, key, block), proof.get("value"), "slot " + slot);
            assertEquals(Hex.data(root), proof.get("stateRoot").textValue());
            assertEquals(block, proof.get("blockNumber").textValue());
            assertEquals(node.result("eth_getBlockByNumber", block, false).get("hash"), proof.get("blockHash"));
            byte[] stateKey = StateKeys.storage(contract, slot(slot));
            assertEquals(Hex.data(stateKey), proof.get("stateKey").textValue());
            byte[] value = proof.get("value").isNull() ? null : bytes(proof.get("value"));
            StateProof decoded = StateProof.decode(bytes(proof.get("proof")));
            assertTrue(decoded.verify(root, stateKey, value), "slot " + slot);
            assertFalse(
                    decoded.verify(stateRoot(head - 1), stateKey, value), "the previous block's root, slot " + slot);
        }
        JsonNode long40 = node.result("lockstep_getStorageProof", slots, Hex.data(slot(1)), block);
        assertEquals(40, bytes(long40.get("value")).length, "the value eth_getProof cannot answer");
        StateProof decoded = StateProof.decode(bytes(long40.get("proof")));
        byte[] stateKey = StateKeys.storage(contract, slot(1));
        assertTrue(decoded.verify(root, stateKey, new byte[40]));
        assertFalse(decoded.verify(root, stateKey, new byte[39]), "a prefix of the value is another value");
        assertFalse(decoded.verify(root, stateKey, null));

        JsonNode shortKey = node.result("lockstep_getStorageProof", slots, "0x6b6579", block);
        assertTrue(shortKey.get("value").isNull());
        assertTrue(StateProof.decode(bytes(shortKey.get("proof")))
                .verify(root, StateKeys.storage(contract, new byte[] {0x6b, 0x65, 0x79}), null));

        assertInvalid(
                node.error("lockstep_getStorageProof", slots, "0x" + "00".repeat(257), block),
                "a storage key is at most 256 bytes");
        JsonNode pruned = node.error("lockstep_getStorageProof", slots, Hex.data(slot(0)), "0x1");
        assertEquals(-32000, pruned.get("code").intValue());
    }

    /** Verifies the account proof of an account without code, rebuilding its state value from the answer. */
    private static boolean accountVerifies(JsonNode proof, byte[] root) {
        byte[] account = new Account(
                        number(proof.get("nonce")).longValueExact(), number(proof.get("balance")), Optional.empty())
                .encode();
        byte[] key = StateKeys.account(Address.fromHex(proof.get("address").textValue()));
        return verifies(bytes(proof.get("accountProof").get(0)), root, key, account);
    }

    /** Verifies a storage proof entry as docs/spec/rpc.md says: the stored bytes follow the proof, if any. */
    private static boolean verifies(JsonNode entry, byte[] root, byte[] key) {
        JsonNode proof = entry.get("proof");
        byte[] value = proof.size() > 1 ? bytes(proof.get(1)) : null;
        if (value != null) {
            assertEquals(new BigInteger(1, value), number(entry.get("value")), "value is the stored bytes' number");
        } else {
            assertEquals("0x0", entry.get("value").textValue());
        }
        return verifies(bytes(proof.get(0)), root, key, value);
    }

    /** A proof that does not decode verifies nothing. */
    private static boolean verifies(byte[] proof, byte[] root, byte[] key, byte[] value) {
        try {
            return StateProof.decode(proof).verify(root, key, value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] store(long nonce, int slot, byte[] value) {
        byte[] input = EthQueriesTest.store(slot, value);
        return TestNode.sign(
                alice,
                nonce,
                slots,
                BigInteger.ZERO,
                input,
                1_000_000,
                TestNode.GWEI,
                TestNode.GWEI.multiply(BigInteger.TWO));
    }

    private static byte[] slot(int n) {
        byte[] slot = new byte[32];
        slot[31] = (byte) n;
        return slot;
    }

    private static byte[] stateRoot(long height) {
        return bytes(
                node.result("eth_getBlockByNumber", Hex.quantity(height), false).get("stateRoot"));
    }

    private static List<String> values(JsonNode entry) {
        List<String> out = new ArrayList<>();
        JsonNode proof = entry.get("proof");
        for (int i = 1; i < proof.size(); i++) {
            out.add(proof.get(i).textValue());
        }
        return out;
    }

    private static byte[] bytes(JsonNode hex) {
        return Numeric.hexStringToByteArray(hex.textValue());
    }

    private static BigInteger number(JsonNode quantity) {
        return Numeric.toBigInt(quantity.textValue());
    }

    private static void assertInvalid(JsonNode error, String messagePart) {
        assertEquals(-32602, error.get("code").intValue(), error::toString);
        assertTrue(error.get("message").textValue().contains(messagePart), error::toString);
    }
}
