package io.lockstep.node.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.ContractAddress;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.ListRoot;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.mempool.Admission;
import io.lockstep.node.mempool.Rejection;
import io.lockstep.node.testing.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** Transactions through the mempool, the single-validator engine and the executor, on RocksDB. */
class ChainExecutionTest {

    private static final Credentials ALICE = TestChain.ACCOUNTS.get(0);
    private static final Credentials BOB = TestChain.ACCOUNTS.get(1);
    private static final long GAS = 2_000_000;

    private static byte[] ledger;

    @TempDir
    Path dir;

    private TestChain chain;

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        try (InputStream in = ChainExecutionTest.class.getResourceAsStream("/contracts/ledger.wat")) {
            ledger = Wat.bytes(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void open() {
        chain = TestChain.open(dir);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    @Test
    void aTransferMovesValueAndPaysGasBurnsTheBaseFeeAndTipsTheProposer() {
        Address alice = TestChain.address(ALICE);
        Address bob = TestChain.address(BOB);
        BigInteger aliceBefore = chain.account(alice).balance();
        BigInteger bobBefore = chain.account(bob).balance();
        BigInteger value = TestChain.ETHER.multiply(BigInteger.valueOf(3));

        Receipt receipt = chain.execute(chain.sign(ALICE, Optional.of(bob), value, new byte[0], 21_000));

        assertTrue(receipt.success(), receipt.toString());
        assertEquals(21_000, receipt.gasUsed());
        BigInteger price = TestChain.BASE_FEE.add(TestChain.GWEI);
        assertEquals(price, receipt.effectiveGasPrice());
        assertEquals(
                aliceBefore.subtract(value).subtract(price.multiply(BigInteger.valueOf(21_000))),
                chain.account(alice).balance());
        assertEquals(1, chain.account(alice).nonce());
        assertEquals(bobBefore.add(value), chain.account(bob).balance());
        assertEquals(
                TestChain.GWEI.multiply(BigInteger.valueOf(21_000)),
                chain.account(TestChain.PROPOSER).balance());
    }

    @Test
    void aDeployedContractStoresLogsRevertsRunsOutOfFuelAndTraps() {
        Address alice = TestChain.address(ALICE);
        Receipt deployed = chain.execute(chain.sign(ALICE, Optional.empty(), BigInteger.ZERO, ledger, GAS));
        assertTrue(deployed.success(), deployed.toString());
        Address contract = ContractAddress.of(alice, 0);
        assertEquals(Optional.of(contract), deployed.contractAddress());
        assertEquals(
                ChainRules.intrinsicGas(ledger, true) + ledger.length * ChainRules.CODE_BYTE_GAS, deployed.gasUsed());
        assertTrue(chain.account(contract).isContract());

        byte[] payload = new byte[40];
        Arrays.fill(payload, (byte) 7);
        Receipt stored = call(contract, concat(1, payload));
        assertTrue(stored.success(), stored.toString());
        assertArrayEquals("ok".getBytes(StandardCharsets.US_ASCII), stored.returnData());
        assertTrue(stored.fuelUsed() > 0);
        assertEquals(
                ChainRules.intrinsicGas(concat(1, payload), false)
                        + chain.chain.rules().gasFor(stored.fuelUsed()),
                stored.gasUsed());
        Log log = stored.logs().get(0);
        assertEquals(contract, log.address());
        assertEquals(List.of(Hash32.of(Arrays.copyOf(payload, 32))), log.topics());
        assertArrayEquals(payload, log.data());
        assertArrayEquals(payload, call(contract, new byte[] {2}).returnData());

        Receipt reverted = call(contract, new byte[] {3});
        assertFalse(reverted.success());
        assertArrayEquals("nope".getBytes(StandardCharsets.US_ASCII), reverted.returnData());
        assertEquals(Optional.of("execution reverted"), reverted.error());
        assertArrayEquals(payload, call(contract, new byte[] {2}).returnData(), "a revert keeps nothing");

        Receipt outOfFuel = call(contract, new byte[] {4});
        assertFalse(outOfFuel.success());
        assertEquals(GAS, outOfFuel.gasUsed());
        assertEquals(Optional.of("out of gas"), outOfFuel.error());

        Receipt trapped = call(contract, new byte[] {5});
        assertFalse(trapped.success());
        assertTrue(trapped.error().orElseThrow().startsWith("trapped: "), trapped.toString());
        assertEquals(GAS, trapped.gasUsed(), "a trap uses all the fuel, as an invalid opcode uses all gas");
    }

    @Test
    void contractsSeeTheirCallerValueAndTheBlock() {
        Receipt deployed = chain.execute(chain.sign(ALICE, Optional.empty(), BigInteger.ZERO, ledger, GAS));
        Address contract = deployed.contractAddress().orElseThrow();
        chain.clock.set(1_800_000_000L);
        Receipt seen =
                chain.execute(chain.sign(BOB, Optional.of(contract), BigInteger.valueOf(77), new byte[] {6}, GAS));

        ByteBuffer out = ByteBuffer.wrap(seen.returnData()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] caller = new byte[20];
        byte[] self = new byte[20];
        byte[] value = new byte[32];
        out.get(caller).get(self).get(value);
        assertEquals(TestChain.address(BOB), Address.of(caller));
        assertEquals(contract, Address.of(self));
        assertEquals(BigInteger.valueOf(77), new BigInteger(1, value));
        assertEquals(chain.chain.committedHeight(), out.getLong());
        assertEquals(1_800_000_000L, out.getLong());
        assertEquals(BigInteger.valueOf(77), chain.account(contract).balance());
    }

    @Test
    void blockHeadersCarryTheRootsOfWhatTheBlockDid() {
        chain.submit(chain.sign(ALICE, Optional.of(TestChain.address(BOB)), BigInteger.ONE, new byte[0], 21_000));
        chain.submit(chain.sign(BOB, Optional.empty(), BigInteger.ZERO, ledger, GAS));
        long height = chain.mine();

        Block block = chain.chain.records().block(height).orElseThrow();
        List<Receipt> receipts = chain.receipts(height);
        assertEquals(2, block.transactions().size());
        assertEquals(block.hash(), chain.chain.head().hash());
        assertEquals(
                ListRoot.ofTransactions(block.transactions()), block.header().transactionsRoot());
        assertEquals(ListRoot.ofReceipts(receipts), block.header().receiptsRoot());
        assertEquals(
                receipts.get(0).gasUsed() + receipts.get(1).gasUsed(),
                block.header().gasUsed());
        assertEquals(receipts.get(1).cumulativeGasUsed(), block.header().gasUsed());
        assertEquals(
                Hash32.of(chain.store.stateRoot(height).hash()), block.header().stateRoot());
        assertEquals(
                chain.chain.records().header(height - 1).orElseThrow().hash(),
                block.header().parentHash());
    }

    @Test
    void theMempoolRefusesWhatABlockCouldNotInclude() {
        Address bob = TestChain.address(BOB);
        assertRejected(
                Rejection.WRONG_CHAIN_ID,
                chain.signLegacy(
                        ALICE,
                        0,
                        Optional.of(bob),
                        BigInteger.ONE,
                        new byte[0],
                        21_000,
                        TestChain.GWEI.multiply(BigInteger.TWO),
                        1));
        assertRejected(
                Rejection.INTRINSIC_GAS_TOO_LOW,
                chain.sign(ALICE, Optional.of(bob), BigInteger.ONE, new byte[0], 20_999));
        assertRejected(
                Rejection.GAS_LIMIT_ABOVE_BLOCK,
                chain.sign(ALICE, Optional.of(bob), BigInteger.ONE, new byte[0], 30_000_001));
        assertRejected(
                Rejection.FEE_CAP_BELOW_BASE_FEE,
                chain.sign(
                        ALICE,
                        0,
                        Optional.of(bob),
                        BigInteger.ONE,
                        new byte[0],
                        21_000,
                        BigInteger.ZERO,
                        BigInteger.ONE));
        assertRejected(
                Rejection.INSUFFICIENT_FUNDS,
                chain.sign(
                        ALICE,
                        Optional.of(bob),
                        TestChain.ETHER.multiply(BigInteger.valueOf(5000)),
                        new byte[0],
                        21_000));
        assertRejected(
                Rejection.INVALID_MODULE,
                chain.sign(ALICE, Optional.empty(), BigInteger.ZERO, new byte[] {0, 'a', 's', 'm', 9, 9}, GAS));

        SignedTransaction first = chain.sign(ALICE, Optional.of(bob), BigInteger.ONE, new byte[0], 21_000);
        assertInstanceOf(Admission.Accepted.class, chain.submit(first));
        assertRejected(Rejection.ALREADY_KNOWN, first);
        assertRejected(
                Rejection.REPLACEMENT_UNDERPRICED,
                chain.sign(
                        ALICE,
                        0,
                        Optional.of(bob),
                        BigInteger.TWO,
                        new byte[0],
                        21_000,
                        TestChain.GWEI,
                        TestChain.GWEI.multiply(BigInteger.valueOf(3))));
        SignedTransaction replacement = chain.sign(
                ALICE,
                0,
                Optional.of(bob),
                BigInteger.TWO,
                new byte[0],
                21_000,
                TestChain.GWEI.multiply(BigInteger.TWO),
                TestChain.GWEI.multiply(BigInteger.valueOf(4)));
        assertInstanceOf(Admission.Accepted.class, chain.submit(replacement));
        chain.mine();
        assertTrue(chain.receipt(replacement.hash()).isPresent());
        assertTrue(chain.receipt(first.hash()).isEmpty());
        assertRejected(
                Rejection.NONCE_TOO_LOW,
                chain.sign(
                        ALICE,
                        0,
                        Optional.of(bob),
                        BigInteger.ONE,
                        new byte[0],
                        21_000,
                        TestChain.GWEI,
                        TestChain.GWEI.multiply(BigInteger.valueOf(3))));
        assertEquals(0, chain.mempool.size());
    }

    @Test
    void noncesAheadWaitForTheGapToCloseAndLegacyTransactionsRunToo() {
        Address bob = TestChain.address(BOB);
        SignedTransaction second = chain.sign(
                ALICE,
                1,
                Optional.of(bob),
                BigInteger.ONE,
                new byte[0],
                21_000,
                TestChain.GWEI,
                TestChain.GWEI.multiply(BigInteger.TWO));
        assertInstanceOf(Admission.Accepted.class, chain.submit(second));
        chain.mine();
        assertTrue(chain.receipt(second.hash()).isEmpty(), "nonce 1 waits for nonce 0");
        SignedTransaction first = chain.signLegacy(
                ALICE,
                0,
                Optional.of(bob),
                BigInteger.ONE,
                new byte[0],
                21_000,
                TestChain.GWEI.multiply(BigInteger.TWO),
                TestChain.CHAIN_ID);
        assertInstanceOf(Admission.Accepted.class, chain.submit(first));
        long height = chain.mine();
        assertEquals(
                List.of(first, second),
                chain.chain.records().block(height).orElseThrow().transactions());
        assertEquals(2, chain.account(TestChain.address(ALICE)).nonce());
    }

    @Test
    void aRestartedChainResumesAtItsHeadAndRefusesAnotherGenesis() {
        chain.execute(chain.sign(ALICE, Optional.of(TestChain.address(BOB)), BigInteger.TEN, new byte[0], 21_000));
        long height = chain.chain.committedHeight();
        Hash32 head = chain.chain.head().hash();
        chain.close();

        chain = TestChain.open(dir);
        assertEquals(height, chain.chain.committedHeight());
        assertEquals(head, chain.chain.head().hash());
        assertEquals(1, chain.account(TestChain.address(ALICE)).nonce());
        Receipt next = chain.execute(
                chain.sign(ALICE, Optional.of(TestChain.address(BOB)), BigInteger.TEN, new byte[0], 21_000));
        assertTrue(next.success());
    }

    private Receipt call(Address contract, byte[] input) {
        return chain.execute(chain.sign(ALICE, Optional.of(contract), BigInteger.ZERO, input, GAS));
    }

    private void assertRejected(Rejection reason, SignedTransaction tx) {
        Admission admission = chain.submit(tx);
        Admission.Rejected rejected = assertInstanceOf(Admission.Rejected.class, admission);
        assertEquals(reason, rejected.reason(), rejected.message());
    }

    private static byte[] concat(int first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
