package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.testing.TestNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Every execution-apis method the node serves, asked of a real node over HTTP, with each raw response checked by
 * {@link ExecutionApis#assertConforms}: results and errors alike (a revert with code 3, an unknown block, bad
 * params, the log query's limits). The chain holds a deploy, a call that logs, a stored slot and a legacy
 * transfer, so that no result is empty by default.
 */
class ExecutionApisConformanceTest {

    private static final String TOPIC = "0x" + "7e".repeat(32);
    private static final String ZERO_WORD = "0x" + "00".repeat(32);
    private static final String FUTURE = "0xffffff";

    @TempDir
    static Path dir;

    private static TestNode node;
    private static final List<Case> CASES = new ArrayList<>();

    /**
     * One request and what the node must answer: a result, or an error with this code.
     *
     * @param errorCode null for a result
     */
    private record Case(String method, TestNode.Exchange exchange, Integer errorCode) {
        @Override
        public String toString() {
            return method + " " + exchange.request().replaceFirst(".*\"params\":", "");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        ExecutionApis.shared(); // skips the class when the material is absent, before a node starts
        node = TestNode.start(dir);
        Credentials alice = node.account(0);
        String bob = node.account(1).getAddress();
        JsonNode deployed = node.transact(alice, null, BigInteger.ZERO, TestNode.contract("ledger.wat"), 20_000_000);
        String ledger = deployed.get("contractAddress").textValue();
        String slots = node.deploy(alice, TestNode.contract("slots.wat"));
        byte[] slotZero = new byte[34];
        slotZero[0] = 1;
        slotZero[33] = 0x38;
        node.transact(alice, slots, BigInteger.ZERO, slotZero, 1_000_000);
        byte[] longSlot = new byte[33 + 40];
        longSlot[0] = 1;
        longSlot[32] = 1;
        node.transact(alice, slots, BigInteger.ZERO, longSlot, 1_000_000);
        JsonNode logged = node.transact(alice, ledger, BigInteger.ZERO, ledgerInput(), 1_000_000);
        String logBlock = logged.get("blockNumber").textValue();
        String logBlockHash = logged.get("blockHash").textValue();
        byte[] legacy = TestNode.signLegacy(
                alice,
                node.nonce(alice),
                bob,
                BigInteger.ONE,
                new byte[0],
                21_000,
                TestNode.GWEI.multiply(BigInteger.TWO));

        result("eth_sendRawTransaction", Numeric.toHexString(legacy));
        String legacyHash = CASES.get(CASES.size() - 1).exchange().result().textValue();
        JsonNode legacyReceipt = node.receipt(legacyHash);
        error(-32000, "eth_sendRawTransaction", Numeric.toHexString(legacy));

        result("net_version");
        result("eth_chainId");
        result("eth_blockNumber");
        result("eth_syncing");
        result("eth_gasPrice");
        result("eth_maxPriorityFeePerGas");
        result("eth_feeHistory", "0x4", "latest", List.of(25, 75));
        result("eth_feeHistory", "0x2", logBlock, List.of());
        result("eth_feeHistory", "0x2", "latest");
        error(-32602, "eth_feeHistory", "0x0", "latest");

        result("eth_getBalance", alice.getAddress(), "latest");
        result("eth_getBalance", bob, logBlock);
        error(-32000, "eth_getBalance", alice.getAddress(), FUTURE);
        result("eth_getTransactionCount", alice.getAddress(), "latest");
        result("eth_getCode", ledger, "latest");
        result("eth_getCode", alice.getAddress(), "latest");
        result("eth_getStorageAt", slots, ZERO_WORD, "latest");
        result("eth_getStorageAt", slots, ZERO_WORD);
        result("eth_getStorageAt", "0xc1cadaffffffffffffffffffffffffffffffffff", "0x01" + "00".repeat(31), "latest");
        error(-32602, "eth_getStorageAt", "0xaa00000000000000000000000000000000000000", "0xasdf", "latest");
        error(
                -32602,
                "eth_getStorageAt",
                "0xaa00000000000000000000000000000000000000",
                "0x" + "0".repeat(65),
                "latest");
        error(-32000, "eth_getStorageAt", slots, ZERO_WORD, FUTURE);

        Map<String, String> view = Map.of("from", alice.getAddress(), "to", ledger, "input", "0x02");
        result("eth_call", view, "latest");
        error(3, "eth_call", Map.of("from", alice.getAddress(), "to", ledger, "input", "0x03"), "latest");
        error(-32000, "eth_call", view, FUTURE);
        result(
                "eth_estimateGas",
                Map.of("from", alice.getAddress(), "to", ledger, "input", Numeric.toHexString(ledgerInput())));
        error(3, "eth_estimateGas", Map.of("from", alice.getAddress(), "to", ledger, "input", "0x03"));

        result("eth_getBlockByNumber", "latest", false);
        result("eth_getBlockByNumber", logBlock, true);
        result("eth_getBlockByNumber", "earliest", true);
        result("eth_getBlockByNumber", FUTURE, true);
        result("eth_getBlockByHash", logBlockHash, false);
        result("eth_getBlockByHash", legacyReceipt.get("blockHash").textValue(), true);
        result("eth_getBlockByHash", ZERO_WORD, true);
        result("eth_getTransactionByHash", legacyHash);
        result("eth_getTransactionByHash", logged.get("transactionHash").textValue());
        result("eth_getTransactionByHash", ZERO_WORD);
        result("eth_getTransactionReceipt", logged.get("transactionHash").textValue());
        result("eth_getTransactionReceipt", deployed.get("transactionHash").textValue());
        result("eth_getTransactionReceipt", legacyHash);
        result("eth_getTransactionReceipt", ZERO_WORD);
        result("eth_getBlockReceipts", logBlock);
        result("eth_getBlockReceipts", logBlockHash);
        result("eth_getBlockReceipts", "earliest");
        result("eth_getBlockReceipts", FUTURE);

        result("eth_getLogs", Map.of("fromBlock", "0x1", "toBlock", "latest", "address", ledger));
        result("eth_getLogs", Map.of("blockHash", logBlockHash));
        result("eth_getLogs", Map.of("blockHash", logBlockHash, "topics", List.of(TOPIC)));
        result("eth_getLogs", Map.of("fromBlock", "0x1", "toBlock", logBlock, "topics", List.of(List.of(TOPIC))));
        error(-32602, "eth_getLogs", Map.of("fromBlock", logBlock, "toBlock", "0x1"));
        error(-32602, "eth_getLogs", Map.of("fromBlock", "0x32", "toBlock", "0x38"));
        error(-32602, "eth_getLogs", Map.of("blockHash", logBlockHash, "fromBlock", "0x1", "toBlock", "0x2"));
        error(-32005, "eth_getLogs", Map.of("fromBlock", "0x0", "toBlock", "0x2710", "address", ledger));

        result("eth_getProof", alice.getAddress(), List.of(), "latest");
        result("eth_getProof", slots, List.of("0x0", "0x2"), "latest");
        result("eth_getProof", "0x00000000000000000000000000000000deadbeef", List.of("0x00"), logBlockHash);
        error(-32000, "eth_getProof", alice.getAddress(), List.of(), FUTURE);
        error(-32602, "eth_getProof", slots, List.of("0xasdf"), "latest");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyResponseConformsToTheExecutionApis() {
        return CASES.stream()
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    if (c.errorCode() == null) {
                        c.exchange().result();
                    } else {
                        assertEquals(
                                c.errorCode().intValue(),
                                c.exchange().error().get("code").intValue(),
                                c::toString);
                    }
                    ExecutionApis.assertConforms(
                            c.method(), c.exchange().request(), c.exchange().response());
                    String comparison = ExecutionApis.shared()
                            .evaluate(
                                    c.method(),
                                    c.exchange().request(),
                                    c.exchange().response())
                            .comparison();
                    System.out.println("conforms: " + c + " -> " + comparison);
                }));
    }

    @Test
    void everyRequiredMethodWithASpecificationIsChecked() {
        Set<String> expected = new TreeSet<>(MethodCoverageTest.REQUIRED);
        expected.removeAll(MethodCoverageTest.NOT_SPECIFIED.keySet());
        Set<String> checked = new TreeSet<>();
        Set<String> withErrors = new TreeSet<>();
        for (Case c : CASES) {
            checked.add(c.method());
            if (c.errorCode() != null) {
                withErrors.add(c.method());
            }
        }
        assertEquals(expected, checked);
        assertTrue(
                withErrors.containsAll(
                        Set.of("eth_call", "eth_estimateGas", "eth_getBalance", "eth_getLogs", "eth_getProof")),
                () -> "errors checked for " + withErrors);
    }

    private static void result(String method, Object... params) {
        CASES.add(new Case(method, node.exchange(method, params), null));
    }

    private static void error(int code, String method, Object... params) {
        CASES.add(new Case(method, node.exchange(method, params), code));
    }

    /** Ledger input that stores and logs {@link #TOPIC}. */
    private static byte[] ledgerInput() {
        byte[] input = Arrays.copyOf(new byte[] {1}, 33);
        System.arraycopy(Numeric.hexStringToByteArray(TOPIC), 0, input, 1, 32);
        return input;
    }
}
