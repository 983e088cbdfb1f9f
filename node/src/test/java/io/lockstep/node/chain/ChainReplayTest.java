package io.lockstep.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.consensus.ProposalVerdict;
import io.lockstep.node.execution.BlockExecutor;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.execution.TransactionExecutor;
import io.lockstep.node.store.ChainStore;
import io.lockstep.node.testing.Wat;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A node replaying the chain from genesis, block by block through the consensus port, gets the same
 * headers (state roots, receipts roots, gas) on the other engine; a proposal with a wrong result is refused.
 */
class ChainReplayTest {

    private static final long SEED = 20261124L;

    @TempDir
    Path dir;

    @Test
    void replayingFromGenesisOnTheInterpreterGivesTheSameBlocks() throws Exception {
        Random random = new Random(SEED);
        byte[] ledger;
        try (InputStream in = getClass().getResourceAsStream("/contracts/ledger.wat")) {
            ledger = Wat.bytes(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<Address> contracts = new ArrayList<>();
        long height;
        try (TestChain chain = TestChain.open(dir.resolve("original"))) {
            for (int block = 0; block < 12; block++) {
                int count = 1 + random.nextInt(6);
                for (int i = 0; i < count; i++) {
                    Credentials from = TestChain.ACCOUNTS.get(random.nextInt(TestChain.ACCOUNTS.size()));
                    SignedTransaction tx = randomTransaction(chain, random, from, ledger, contracts);
                    chain.submit(tx);
                }
                chain.clock.addAndGet(1 + random.nextInt(3));
                height = chain.mine();
                for (var receipt : chain.receipts(height)) {
                    receipt.contractAddress().filter(a -> receipt.success()).ifPresent(contracts::add);
                }
            }
            height = chain.chain.committedHeight();
            assertTrue(!contracts.isEmpty(), "the workload deployed contracts (seed " + SEED + ")");

            ChainRules rules = chain.chain.rules();
            try (ChainStore replayStore = ChainStore.open(dir.resolve("replay"));
                    ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
                ChainApplication replay = ChainApplication.open(
                        replayStore,
                        TestChain.genesis(rules),
                        new BlockExecutor(new TransactionExecutor(rules, vm, Engine.INTERPRETER)),
                        1000);
                assertEquals(
                        chain.chain.records().block(0).orElseThrow().hash(),
                        replay.head().hash());
                for (long h = 1; h <= height; h++) {
                    Block block = chain.chain.records().block(h).orElseThrow();
                    Block forged = withStateRoot(block, Hash32.keccak256(new byte[] {(byte) h}));
                    ProposalVerdict refused = replay.processProposal(forged);
                    assertInstanceOf(ProposalVerdict.Reject.class, refused, "seed " + SEED + " height " + h);
                    assertTrue(((ProposalVerdict.Reject) refused).reason().contains("state root"), refused.toString());

                    assertEquals(
                            ProposalVerdict.ACCEPT, replay.processProposal(block), "seed " + SEED + " height " + h);
                    replay.finalizeBlock(block);
                    assertEquals(h, replay.commit());
                    assertEquals(block.hash(), replay.head().hash());
                    assertEquals(
                            chain.chain.records().receipts(h), replay.records().receipts(h));
                }
            }
        }
    }

    private static SignedTransaction randomTransaction(
            TestChain chain, Random random, Credentials from, byte[] ledger, List<Address> contracts) {
        int kind = random.nextInt(10);
        if (kind < 4 || (kind < 8 && contracts.isEmpty())) {
            Credentials to = TestChain.ACCOUNTS.get(random.nextInt(TestChain.ACCOUNTS.size()));
            return chain.sign(
                    from,
                    Optional.of(TestChain.address(to)),
                    BigInteger.valueOf(random.nextInt(1_000_000)),
                    new byte[0],
                    21_000);
        }
        if (kind < 8) {
            Address contract = contracts.get(random.nextInt(contracts.size()));
            byte[] input = new byte[1 + random.nextInt(64)];
            random.nextBytes(input);
            input[0] = (byte) (1 + random.nextInt(6));
            return chain.sign(from, Optional.of(contract), BigInteger.valueOf(random.nextInt(100)), input, 400_000);
        }
        return chain.sign(from, Optional.empty(), BigInteger.ZERO, ledger, 2_000_000);
    }

    private static Block withStateRoot(Block block, Hash32 stateRoot) {
        BlockHeader h = block.header();
        return new Block(
                new BlockHeader(
                        h.parentHash(),
                        h.height(),
                        h.timestamp(),
                        h.proposer(),
                        stateRoot,
                        h.transactionsRoot(),
                        h.receiptsRoot(),
                        h.logsBloom(),
                        h.gasUsed(),
                        h.gasLimit(),
                        h.baseFeePerGas(),
                        h.fuelUsed(),
                        h.extraData()),
                block.transactions());
    }
}
