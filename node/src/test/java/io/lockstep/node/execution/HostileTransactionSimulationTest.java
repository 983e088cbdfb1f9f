package io.lockstep.node.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.ContractAddress;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.core.state.Node;
import io.lockstep.nn.DType;
import io.lockstep.nn.TensorSpec;
import io.lockstep.node.contract.RepositoryRoot;
import io.lockstep.node.execution.HostileTransactions.Candidate;
import io.lockstep.node.execution.HostileTransactions.Expect;
import io.lockstep.node.execution.TransactionBodies.Contract;
import io.lockstep.node.execution.TransactionBodies.Kind;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.state.StateReader;
import io.lockstep.node.state.WorldState;
import io.lockstep.node.testing.OnnxFiles;
import io.lockstep.node.testing.TestNode;
import io.lockstep.node.testing.Wat;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.ModelStatus;
import io.lockstep.vm.VmConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * No transaction can halt or fork the chain. A seeded stream of hostile transactions (mutated modules,
 * wild calldata and host-call arguments, broken models and ABI, transfers at the edge of balances and
 * intrinsic gas) is built into blocks by a proposer on the compiled engine and re-executed by two
 * validators, one per engine. For every block: execution never throws; every transaction is included
 * with a receipt whose error is one of the documented ones, or left out with a reason, as expected of
 * it; both validators accept the block with the proposer's receipts and roots; the native token's
 * supply falls by exactly the burned base fee; and no block keeps more than its gas paid for (fuel
 * schedule version 6): fewer than 2,000 new storage keys and 300,000 bytes of them in a 30,000,000-gas
 * block, and no receipt with more logs and return data than Ethereum's prices for them, although the
 * programs' storage and log bombs ask for thousands of keys and megabytes of logs.
 *
 * <p>The seed is printed; {@code -Dlockstep.hostile.seed=<seed>} replays a run, {@code
 * -Dlockstep.hostile.blocks=<n>} runs longer, and {@code -Dlockstep.hostile.verbose=true} counts what
 * became of each kind of transaction.
 */
class HostileTransactionSimulationTest {

    private static final int DEFAULT_BLOCKS = 200;
    private static final int RESTART_EVERY = 40;
    private static final BigInteger RICH = HostileChain.ETHER.multiply(BigInteger.TEN.pow(6));
    /**
     * A new key costs at least a first write and a creation, 1,502,270 fuel (15,023 gas) for an empty key
     * and value: a 30,000,000-gas block holds at most 1,997 of them.
     */
    private static final int MOST_NEW_KEYS_PER_BLOCK = 2_000;
    /** 100 gas a kept byte (storagePerByte at 100 fuel a gas). */
    private static final long MOST_NEW_KEY_BYTES_PER_BLOCK = 300_000;
    /** Ethereum's prices of what a receipt keeps, in gas: a log, a topic, a byte of log data or return data. */
    private static final long LOG_GAS = 375;

    private static final long TOPIC_GAS = 375;
    private static final long KEPT_BYTE_GAS = 8;
    private static final List<String> RECEIPT_ERRORS = List.of(
            "execution reverted",
            "out of gas",
            "trapped: ",
            "invalid module: ",
            ContractVm.INPUT_WITHOUT_CONSTRUCTOR,
            "contract address collision",
            TransactionExecutor.NO_CALL_ENTRY);

    private final List<Credentials> workers = keys(0x1000, 4);
    private final List<Credentials> limitSenders = keys(0x2000, 3);
    private final Credentials faucet = keys(0x3000, 1).get(0);
    private final Set<Address> touched = new LinkedHashSet<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private long seed;
    private int mostNewKeys;
    private long mostLogBytes;

    @Test
    void noTransactionHaltsOrForksTheChain() throws Exception {
        seed = Long.getLong("lockstep.hostile.seed", System.nanoTime());
        int blocks = Integer.getInteger("lockstep.hostile.blocks", DEFAULT_BLOCKS);
        System.out.println("HostileTransactionSimulationTest seed=" + seed + " blocks=" + blocks
                + " (replay: -Dlockstep.hostile.seed=" + seed + ")");
        Random random = new Random(seed);

        Map<Address, BigInteger> alloc = new LinkedHashMap<>();
        workers.forEach(w -> alloc.put(HostileTransactions.address(w), RICH));
        limitSenders.forEach(
                s -> alloc.put(HostileTransactions.address(s), HostileChain.ETHER.multiply(BigInteger.TEN)));
        alloc.put(HostileTransactions.address(faucet), RICH);
        touched.addAll(alloc.keySet());
        touched.add(HostileChain.PROPOSER);
        touched.add(ModelRegistryContract.ADDRESS);

        try (HostileChain chain = new HostileChain(alloc);
                ContractVm inspector = new ContractVm(VmConfig.DEFAULT)) {
            TransactionBodies.Modules modules = modules();
            Map<String, byte[]> models = models();
            List<HostPrograms.NnModel> nnModels = new ArrayList<>();
            models.forEach((name, model) -> nnModels.add(inspect(inspector, name, model)
                    .orElseThrow(() -> new AssertionError("model " + name + " is refused or cannot be passed in"))));
            HostileTransactions generator = new HostileTransactions(
                    random,
                    chain,
                    modules,
                    workers,
                    limitSenders,
                    faucet,
                    List.copyOf(models.values()),
                    nnModels,
                    registration -> inspect(inspector, registration.name(), registration.model()));
            setUp(chain, generator, modules, models);

            int included = 0;
            for (int b = 0; b < blocks; b++) {
                if (b > 0 && b % RESTART_EVERY == 0) {
                    chain.restartValidators();
                }
                List<Candidate> candidates = generator.block();
                ExecutedBlock block = produce(chain, candidates);
                generator.observe(block);
                included += block.receipts().size();
            }
            System.out.println("HostileTransactionSimulationTest seed=" + seed + " included=" + included + " height="
                    + chain.head().height() + " kinds of outcome=" + outcomes.size()
                    + " most new keys in a block=" + mostNewKeys + " most log bytes in a receipt=" + mostLogBytes
                    + " (each counted: -Dlockstep.hostile.verbose=true)");
            if (Boolean.getBoolean("lockstep.hostile.verbose")) {
                outcomes.forEach((outcome, count) -> System.out.println("  " + count + "\t" + outcome));
            }
            assertTrue(included > blocks * 3, "the run included too few transactions to mean anything: " + included);
        }
    }

    /** Block 1: the contracts and models the hostile transactions aim at, every one of which must succeed. */
    private void setUp(
            HostileChain chain,
            HostileTransactions generator,
            TransactionBodies.Modules modules,
            Map<String, byte[]> models) {
        Credentials deployer = workers.get(0);
        Address from = HostileTransactions.address(deployer);
        List<Candidate> candidates = new ArrayList<>();
        List<Kind> kinds = List.of(
                Kind.LEDGER, Kind.SLOTS, Kind.STORED_VALUE, Kind.RELU_CALLER, Kind.HOST_PROGRAM, Kind.NO_CALL_EXPORT);
        List<byte[]> deploys = List.of(
                modules.ledger(),
                modules.slots(),
                ModuleMutations.concat(modules.storedValue(), AbiCodec.uint(42)),
                modules.reluCaller(),
                modules.hostProgram(),
                modules.constructorOnly());
        long nonce = 0;
        for (int i = 0; i < deploys.size(); i++) {
            candidates.add(
                    setupTransaction(deployer, nonce, Optional.empty(), deploys.get(i), "deploy " + kinds.get(i)));
            generator.addContract(new Contract(ContractAddress.of(from, nonce), kinds.get(i)));
            nonce++;
        }
        for (Map.Entry<String, byte[]> model : models.entrySet()) {
            byte[] data = AbiShapes.register(model.getKey().getBytes(StandardCharsets.UTF_8), model.getValue());
            candidates.add(setupTransaction(
                    deployer, nonce++, Optional.of(ModelRegistryContract.ADDRESS), data, "register " + model.getKey()));
        }
        ExecutedBlock block = produce(chain, candidates);
        for (int i = 0; i < block.receipts().size(); i++) {
            Receipt receipt = block.receipts().get(i);
            int index = i;
            assertTrue(receipt.success(), () -> candidates.get(index).label() + ": " + receipt);
        }
    }

    /** Builds, checks, verifies on both engines and commits one block. */
    private ExecutedBlock produce(HostileChain chain, List<Candidate> candidates) {
        BlockHeader parent = chain.head();
        String where = "seed=" + seed + " block=" + (parent.height() + 1);
        for (Candidate candidate : candidates) {
            SignedTransaction tx = candidate.tx();
            tx.to().ifPresent(touched::add);
            if (tx.isDeploy()) {
                touched.add(ContractAddress.of(tx.from(), tx.nonce()));
            }
        }
        BigInteger supplyBefore = supply(chain.state());

        ExecutedBlock built;
        try {
            built = chain.build(candidates.stream().map(Candidate::tx).toList());
        } catch (RuntimeException | Error e) {
            throw new AssertionError(where + ": building the block threw; " + firstThrow(chain, candidates), e);
        }
        checkInclusion(where, candidates, built);

        BlockHeader header = built.block().header();
        for (Engine engine : Engine.values()) {
            BlockExecutor.Verified verdict;
            try {
                verdict = chain.verify(built.block(), engine);
            } catch (RuntimeException | Error e) {
                throw new AssertionError(where + ": the " + engine + " validator threw re-executing the block", e);
            }
            if (verdict instanceof BlockExecutor.Verified.Invalid invalid) {
                fail(where + ": the " + engine + " validator rejects the proposer's block: " + invalid.reason() + "\n"
                        + firstReceiptDifference(chain, engine, candidates, built));
            }
            ExecutedBlock verified = ((BlockExecutor.Verified.Valid) verdict).block();
            assertEquals(header, verified.block().header(), where + ": " + engine);
            assertEquals(
                    built.stateUpdate().root(), verified.stateUpdate().root(), where + ": " + engine + " state root");
            for (int i = 0; i < built.receipts().size(); i++) {
                assertEquals(
                        built.receipts().get(i), verified.receipts().get(i), where + " receipt " + i + " " + engine);
            }
        }

        checkNewKeys(where, chain.state(), built);
        chain.commit(built);
        BigInteger burned = HostileChain.RULES.baseFeePerGas().multiply(BigInteger.valueOf(header.gasUsed()));
        assertEquals(
                supplyBefore.subtract(burned),
                supply(chain.state()),
                where + ": the supply changed by other than the burned base fee");
        return built;
    }

    /** Each candidate included or left out as expected of it, and every receipt within the rules. */
    private void checkInclusion(String where, List<Candidate> candidates, ExecutedBlock built) {
        Map<Hash32, Integer> position = new HashMap<>();
        List<SignedTransaction> included = built.block().transactions();
        for (int i = 0; i < included.size(); i++) {
            position.put(included.get(i).hash(), i);
        }
        Map<Hash32, String> dropped = new HashMap<>();
        built.dropped().forEach(d -> dropped.put(d.transaction(), d.reason()));
        for (Candidate candidate : candidates) {
            Integer at = position.get(candidate.tx().hash());
            if (candidate.expect() == Expect.INCLUDED) {
                assertTrue(
                        at != null,
                        () -> where + ": left out ("
                                + dropped.get(candidate.tx().hash()) + "): " + candidate.label());
            } else if (candidate.expect() == Expect.EXCLUDED) {
                assertTrue(at == null, () -> where + ": included: " + candidate.label());
            }
            if (at != null) {
                checkReceipt(where, candidate, built.receipts().get(at));
            }
            outcomes.merge(
                    outcome(candidate, at == null ? null : built.receipts().get(at)), 1, Integer::sum);
        }
    }

    private void checkReceipt(String where, Candidate candidate, Receipt receipt) {
        SignedTransaction tx = candidate.tx();
        long intrinsic = ChainRules.intrinsicGas(tx.data(), tx.isDeploy());
        String context = where + ": " + candidate.label() + " -> " + receipt;
        assertTrue(receipt.gasUsed() >= intrinsic && receipt.gasUsed() <= tx.gasLimit(), context);
        assertTrue(receipt.fuelUsed() <= HostileChain.RULES.fuelFor(tx.gasLimit() - intrinsic), context);
        receipt.error()
                .ifPresent(error -> assertTrue(
                        RECEIPT_ERRORS.stream().anyMatch(error::startsWith), "undocumented receipt error: " + context));
        if (!tx.to().equals(Optional.of(ModelRegistryContract.ADDRESS))) {
            // the registry is native and prices its one log and hash in its own gas
            long keptGas = receipt.returnData().length * KEPT_BYTE_GAS;
            long logBytes = 0;
            for (Log log : receipt.logs()) {
                keptGas += LOG_GAS + log.topics().size() * TOPIC_GAS + log.data().length * KEPT_BYTE_GAS;
                logBytes += log.data().length;
            }
            mostLogBytes = Math.max(mostLogBytes, logBytes);
            long paid = keptGas;
            long bytes = logBytes;
            assertTrue(
                    receipt.fuelUsed() >= HostileChain.RULES.fuelFor(paid),
                    () -> where + ": " + candidate.label() + " keeps "
                            + receipt.logs().size() + " logs of " + bytes
                            + " bytes and " + receipt.returnData().length + " bytes of return data, worth " + paid
                            + " gas, with " + receipt.fuelUsed() + " fuel; the fuel schedule prices them too low");
        }
    }

    /**
     * The storage keys the block creates, from the leaves its state update writes that the parent state
     * lacks: fewer, and fewer bytes, than the block's gas can pay for.
     */
    private void checkNewKeys(String where, StateReader parent, ExecutedBlock built) {
        int newKeys = 0;
        long newBytes = 0;
        for (Node node : built.stateUpdate().newNodes().values()) {
            if (node instanceof Node.Leaf leaf
                    && leaf.key()[0] == StateKeys.STORAGE
                    && parent.get(leaf.key()) == null) {
                newKeys++;
                newBytes += leaf.key().length - 1 - Address.LENGTH + leaf.value().length;
            }
        }
        mostNewKeys = Math.max(mostNewKeys, newKeys);
        assertTrue(
                newKeys < MOST_NEW_KEYS_PER_BLOCK,
                where + ": " + newKeys + " new storage keys in one block; the fuel schedule prices them too low");
        assertTrue(
                newBytes <= MOST_NEW_KEY_BYTES_PER_BLOCK,
                where + ": " + newBytes
                        + " bytes of new storage keys in one block; the fuel schedule prices them too low");
    }

    /** What kind of candidate this was and what became of it, for the run's summary. */
    private static String outcome(Candidate candidate, Receipt receipt) {
        String[] words = candidate.label().replaceAll("\\([^)]*\\)", "").split(" ");
        String kind = words[0] + (words.length > 1 && !words[1].startsWith("[") ? " " + words[1] : "");
        if (receipt == null) {
            return kind + " -> left out";
        }
        String result = receipt.error().orElse("success");
        int cut = result.indexOf(':', result.indexOf(':') + 1);
        return kind + " -> " + (cut > 0 ? result.substring(0, cut) : result);
    }

    /** The first candidate whose execution throws, re-run one by one on the proposer's executor. */
    private static String firstThrow(HostileChain chain, List<Candidate> candidates) {
        TransactionExecutor executor = chain.proposerTransactions();
        BlockHeader head = chain.head();
        BlockContext context = new BlockContext(head.height() + 1, head.timestamp() + 1, HostileChain.PROPOSER);
        WorldState state = new WorldState(chain.state());
        long gasUsed = 0;
        for (Candidate candidate : candidates) {
            try {
                TxResult result = executor.execute(candidate.tx(), context, state, gasUsed);
                if (result instanceof TxResult.Included included) {
                    gasUsed += included.receipt().gasUsed();
                }
            } catch (RuntimeException | Error e) {
                return "executing " + candidate.label() + " throws " + e;
            }
        }
        return "no single transaction throws when re-run alone";
    }

    /** The first receipt where {@code engine}'s re-execution differs from the proposer's, with its candidate. */
    private static String firstReceiptDifference(
            HostileChain chain, Engine engine, List<Candidate> candidates, ExecutedBlock built) {
        Map<Hash32, Candidate> byHash = new HashMap<>();
        candidates.forEach(c -> byHash.put(c.tx().hash(), c));
        BlockHeader header = built.block().header();
        BlockContext context = new BlockContext(header.height(), header.timestamp(), header.proposer());
        WorldState state = new WorldState(chain.state());
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            TransactionExecutor executor = new TransactionExecutor(HostileChain.RULES, vm, engine);
            long gasUsed = 0;
            for (int i = 0; i < built.receipts().size(); i++) {
                SignedTransaction tx = built.block().transactions().get(i);
                TxResult result = executor.execute(tx, context, state, gasUsed);
                Receipt expected = built.receipts().get(i);
                if (!(result instanceof TxResult.Included included)
                        || !included.receipt().equals(expected)) {
                    return "first difference at transaction " + i + " ("
                            + byHash.get(tx.hash()).label() + "):\n proposer " + expected + "\n " + engine + " "
                            + result;
                }
                gasUsed += included.receipt().gasUsed();
            }
        }
        return "every receipt is the same";
    }

    private BigInteger supply(StateReader state) {
        WorldState view = new WorldState(state);
        BigInteger total = BigInteger.ZERO;
        for (Address address : touched) {
            total = total.add(view.account(address).balance());
        }
        return total;
    }

    private static TransactionBodies.Modules modules() throws IOException, InterruptedException {
        byte[] marker = WasmSections.endMarker();
        return new TransactionBodies.Modules(
                TestNode.contract("ledger.wat"),
                TestNode.contract("slots.wat"),
                ModuleMutations.concat(TestNode.contract("stored-value.wat"), marker),
                TestNode.contract("relu-caller.wat"),
                ModuleMutations.concat(TestNode.contract("host-program.wat"), marker),
                Wat.bytes("(module (memory 1) (func (export \"deploy\")))"));
    }

    /** Models registered in block 1, by name: small ones of several element types, and iris when present. */
    private static Map<String, byte[]> models() throws IOException {
        Map<String, byte[]> models = new LinkedHashMap<>();
        models.put("relu", OnnxFiles.unaryModelBytes("Relu", DType.FLOAT, 1, 4));
        models.put("bool4", OnnxFiles.unaryModelBytes("Identity", DType.BOOL, 4));
        models.put("i8x4", OnnxFiles.unaryModelBytes("Identity", DType.INT8, 2, 2));
        models.put("i64", OnnxFiles.unaryModelBytes("Identity", DType.INT64, 1));
        Optional<Path> iris =
                RepositoryRoot.locate().map(root -> root.resolve("examples/iris-classifier/model/iris.onnx"));
        if (iris.isPresent() && Files.isRegularFile(iris.get())) {
            models.put("iris", Files.readAllBytes(iris.get()));
        } else {
            System.out.println("HostileTransactionSimulationTest: examples/iris-classifier/model/iris.onnx not found;"
                    + " running without the iris model");
        }
        return models;
    }

    /**
     * How programs address a model: its name, hash, and the type and shape of its first input; empty when
     * the engine refuses it or no tensor type tag can pass its input.
     */
    private static Optional<HostPrograms.NnModel> inspect(ContractVm vm, String name, byte[] model) {
        if (!(vm.prepareModel(model) instanceof ModelStatus.Ready ready)
                || ready.inputs().isEmpty()
                || typeTag(ready.inputs().get(0).dtype()) < 0) {
            return Optional.empty();
        }
        TensorSpec input = ready.inputs().get(0);
        return Optional.of(new HostPrograms.NnModel(
                name,
                ready.hash().bytes(),
                typeTag(input.dtype()),
                input.shape(),
                input.dtype().byteSize()));
    }

    /** The WASI-NN tensor type tag of {@code dtype} (docs/spec/abi.md), or -1. */
    private static int typeTag(DType dtype) {
        return switch (dtype) {
            case FLOAT -> 1;
            case UINT8 -> 3;
            case INT32 -> 4;
            case INT64 -> 5;
            case INT8 -> 6;
            case BOOL -> 7;
            default -> -1;
        };
    }

    private static List<Credentials> keys(int first, int count) {
        List<Credentials> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Credentials.create(BigInteger.valueOf(first + i).toString(16)));
        }
        return out;
    }

    /** A transaction of block 1, which must be included: EIP-1559, 3 M gas, no value. */
    private static Candidate setupTransaction(
            Credentials from, long nonce, Optional<Address> to, byte[] data, String label) {
        RawTransaction raw = RawTransaction.createTransaction(
                HostileChain.CHAIN_ID,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(3_000_000),
                to.map(Address::toHex).orElse(""),
                BigInteger.ZERO,
                Numeric.toHexString(data),
                HostileChain.GWEI,
                HostileChain.GWEI.multiply(BigInteger.TWO));
        return new Candidate(
                TransactionDecoder.decode(TransactionEncoder.signMessage(raw, from)), label, Expect.INCLUDED);
    }
}
