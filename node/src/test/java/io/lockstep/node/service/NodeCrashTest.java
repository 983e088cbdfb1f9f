package io.lockstep.node.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.core.chain.Block;
import io.lockstep.core.consensus.ProposalVerdict;
import io.lockstep.node.chain.ChainApplication;
import io.lockstep.node.config.DevAccount;
import io.lockstep.node.config.DevAccounts;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.GenesisFile;
import io.lockstep.node.execution.BlockExecutor;
import io.lockstep.node.execution.TransactionExecutor;
import io.lockstep.node.store.ChainStore;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Kills a running dev node (a separate JVM, {@code lockstep dev}) with SIGKILL at random moments while it
 * takes transactions, many times. After every restart each block, receipt and state root seen before
 * the kill is still there unchanged and the height has not gone back; at the end a replay of the whole
 * chain from genesis into a new store gives the same blocks.
 */
class NodeCrashTest {

    private static final long SEED = 5_181_124L;
    private static final int KILLS = 8;
    private static final BigInteger FEE_CAP = BigInteger.valueOf(2_000_000_000L);

    @TempDir
    Path dir;

    private final Map<Long, String> seenBlocks = new HashMap<>();
    private final Map<String, Long> seenIncluded = new HashMap<>();
    private long highest;

    @Test
    void aKilledNodeKeepsEveryCommittedBlockAndReplaysToTheSameChain() throws Exception {
        Random random = new Random(SEED);
        Path data = dir.resolve("dev");
        List<Credentials> senders = new ArrayList<>();
        for (DevAccount account : DevAccounts.generate(4).accounts()) {
            senders.add(Credentials.create(account.privateKeyHex()));
        }
        for (int round = 0; round <= KILLS; round++) {
            int port = freePort();
            Process node = start(data, port, round);
            Web3j web3 = Web3j.build(new HttpService("http://127.0.0.1:" + port));
            try {
                awaitRpc(web3, node, round);
                checkSeen(web3, round);
                if (round == KILLS) {
                    break;
                }
                long loadMillis = 200 + random.nextInt(1500);
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(loadMillis);
                List<String> sent = new ArrayList<>();
                while (System.nanoTime() < until) {
                    Credentials from = senders.get(random.nextInt(senders.size()));
                    BigInteger nonce = web3.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING)
                            .send()
                            .getTransactionCount();
                    RawTransaction raw = RawTransaction.createTransaction(
                            1337L,
                            nonce,
                            BigInteger.valueOf(21_000),
                            senders.get(random.nextInt(senders.size())).getAddress(),
                            BigInteger.valueOf(1 + random.nextInt(1000)),
                            "0x",
                            BigInteger.ZERO,
                            FEE_CAP);
                    EthSendTransaction result = web3.ethSendRawTransaction(
                                    Numeric.toHexString(TransactionEncoder.signMessage(raw, from)))
                            .send();
                    if (!result.hasError()) {
                        sent.add(result.getTransactionHash());
                    }
                    record(web3, sent);
                }
            } finally {
                web3.shutdown();
                node.destroyForcibly();
                assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the killed node exited");
            }
        }
        assertTrue(highest >= KILLS, "blocks were committed between the kills (seed " + SEED + "): " + highest);
        replayFromGenesis(data);
    }

    /** Notes the head and the receipts of {@code sent} that are in blocks now. */
    private void record(Web3j web3, List<String> sent) throws IOException {
        EthBlock.Block head = web3.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                .send()
                .getBlock();
        seenBlocks.put(head.getNumber().longValue(), head.getHash() + " " + head.getStateRoot());
        highest = Math.max(highest, head.getNumber().longValue());
        for (String hash : new ArrayList<>(sent)) {
            TransactionReceipt receipt = web3.ethGetTransactionReceipt(hash)
                    .send()
                    .getTransactionReceipt()
                    .orElse(null);
            if (receipt != null) {
                seenIncluded.put(hash, receipt.getBlockNumber().longValue());
                sent.remove(hash);
            }
        }
    }

    private void checkSeen(Web3j web3, int round) throws IOException {
        long height = web3.ethBlockNumber().send().getBlockNumber().longValue();
        assertTrue(
                height >= highest,
                "round " + round + ": height " + height + " went back from " + highest + " (seed " + SEED + ")");
        for (Map.Entry<Long, String> seen : seenBlocks.entrySet()) {
            EthBlock.Block block = web3.ethGetBlockByNumber(
                            DefaultBlockParameter.valueOf(BigInteger.valueOf(seen.getKey())), false)
                    .send()
                    .getBlock();
            assertEquals(
                    seen.getValue(),
                    block.getHash() + " " + block.getStateRoot(),
                    "round " + round + " block " + seen.getKey());
        }
        for (Map.Entry<String, Long> included : seenIncluded.entrySet()) {
            TransactionReceipt receipt = web3.ethGetTransactionReceipt(included.getKey())
                    .send()
                    .getTransactionReceipt()
                    .orElse(null);
            if (receipt == null) {
                fail("round " + round + ": the receipt of " + included.getKey() + " is gone (seed " + SEED + ")");
            }
            assertEquals(
                    included.getValue().longValue(), receipt.getBlockNumber().longValue());
            assertTrue(receipt.isStatusOK());
        }
    }

    private void replayFromGenesis(Path data) throws Exception {
        Genesis genesis = GenesisFile.read(data.resolve("genesis.yaml"));
        try (ChainStore crashed = ChainStore.open(data.resolve(LockstepNode.CHAIN_DIRECTORY));
                ChainStore fresh = ChainStore.open(dir.resolve("replay"));
                ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            BlockExecutor executor =
                    new BlockExecutor(new TransactionExecutor(LockstepNode.rules(genesis), vm, Engine.INTERPRETER));
            ChainApplication original =
                    ChainApplication.open(crashed, LockstepNode.genesisState(genesis), executor, 1_000_000);
            ChainApplication replay =
                    ChainApplication.open(fresh, LockstepNode.genesisState(genesis), executor, 1_000_000);
            for (long h = 1; h <= original.committedHeight(); h++) {
                Block block = original.records().block(h).orElseThrow();
                assertEquals(ProposalVerdict.ACCEPT, replay.processProposal(block), "replay of block " + h);
                replay.finalizeBlock(block);
                replay.commit();
            }
            assertEquals(original.head().hash(), replay.head().hash());
        }
    }

    private Process start(Path data, int port, int round) throws IOException {
        Path log = dir.resolve("node-" + round + ".log");
        return new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "io.lockstep.node.cli.LockstepCli",
                        "dev",
                        "--data-dir",
                        data.toString(),
                        "--rpc-port",
                        Integer.toString(port),
                        "--no-metrics",
                        "--block-time",
                        "100")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile())
                .start();
    }

    private void awaitRpc(Web3j web3, Process node, int round) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                fail("round " + round + ": the node exited with " + node.exitValue() + ":\n"
                        + Files.readString(dir.resolve("node-" + round + ".log")));
            }
            try {
                web3.ethBlockNumber().send();
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        fail("round " + round + ": the node did not answer within 90 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
