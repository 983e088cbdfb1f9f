package io.lockstep.node.chain;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.node.consensus.SingleValidatorEngine;
import io.lockstep.node.execution.BlockExecutor;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.execution.TransactionExecutor;
import io.lockstep.node.mempool.Admission;
import io.lockstep.node.mempool.Mempool;
import io.lockstep.node.mempool.MempoolConfig;
import io.lockstep.node.state.Account;
import io.lockstep.node.store.ChainStore;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * A real chain for tests: RocksDB in a directory, the VM, the executor, the mempool and the
 * single-validator engine in on-demand mode, with accounts funded at genesis and a clock the test moves.
 */
final class TestChain implements AutoCloseable {

    static final long CHAIN_ID = 1337;
    static final BigInteger GWEI = BigInteger.TEN.pow(9);
    static final BigInteger ETHER = BigInteger.TEN.pow(18);
    static final BigInteger BASE_FEE = GWEI;
    static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000be5ea");
    static final List<Credentials> ACCOUNTS = List.of(
            Credentials.create("0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63"),
            Credentials.create("0xc87509a1c067bbde78beb793e6fa76530b6382a4c0241e5e4a9ec0a0f44dc0d3"),
            Credentials.create("0xae6ae8e5ccbfb04590405997ee2d52d2b330726137b875053c36d94e974d162f"));

    final ChainStore store;
    final ContractVm vm;
    final ChainApplication chain;
    final Mempool mempool;
    final SingleValidatorEngine engine;
    final AtomicLong clock = new AtomicLong(1_700_000_000L);

    private TestChain(Path directory, long retainVersions) {
        ChainRules rules = new ChainRules(CHAIN_ID, 30_000_000, BASE_FEE, ChainRules.DEFAULT_FUEL_PER_GAS);
        store = ChainStore.open(directory);
        vm = new ContractVm(VmConfig.DEFAULT);
        TransactionExecutor transactions = new TransactionExecutor(rules, vm, Engine.COMPILED);
        BlockExecutor executor = new BlockExecutor(transactions);
        chain = ChainApplication.open(store, genesis(rules), executor, retainVersions);
        mempool = new Mempool(MempoolConfig.DEFAULT, rules, this::account, transactions::deployRefusal);
        chain.addListener(mempool::onCommitted);
        engine = new SingleValidatorEngine(
                chain,
                mempool::candidates,
                PROPOSER,
                clock::get,
                Duration.ofSeconds(1),
                SingleValidatorEngine.Mode.ON_DEMAND,
                8L << 20);
        engine.start();
    }

    static TestChain open(Path directory) {
        return new TestChain(directory, 1000);
    }

    static TestChain open(Path directory, long retainVersions) {
        return new TestChain(directory, retainVersions);
    }

    static GenesisState genesis(ChainRules rules) {
        Map<Address, BigInteger> alloc = new LinkedHashMap<>();
        for (Credentials account : ACCOUNTS) {
            alloc.put(address(account), ETHER.multiply(BigInteger.valueOf(1000)));
        }
        return new GenesisState(rules, 1_699_999_999L, PROPOSER, alloc);
    }

    static Address address(Credentials credentials) {
        return Address.fromHex(credentials.getAddress());
    }

    Account account(Address address) {
        return Account.decodeOrEmpty(
                chain.state(chain.committedHeight()).get(io.lockstep.node.state.StateKeys.account(address)));
    }

    /** An EIP-1559 transaction from {@code from} at its next pending nonce: tip 1 gwei, fee cap 3 gwei. */
    SignedTransaction sign(Credentials from, Optional<Address> to, BigInteger value, byte[] data, long gas) {
        return sign(
                from,
                mempool.pendingNonce(address(from)),
                to,
                value,
                data,
                gas,
                GWEI,
                GWEI.multiply(BigInteger.valueOf(3)));
    }

    SignedTransaction sign(
            Credentials from,
            long nonce,
            Optional<Address> to,
            BigInteger value,
            byte[] data,
            long gas,
            BigInteger tip,
            BigInteger feeCap) {
        RawTransaction raw = RawTransaction.createTransaction(
                CHAIN_ID,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(gas),
                to.map(Address::toHex).orElse(""),
                value,
                org.web3j.utils.Numeric.toHexString(data),
                tip,
                feeCap);
        return TransactionDecoder.decode(TransactionEncoder.signMessage(raw, from));
    }

    /** A legacy EIP-155 transaction. */
    SignedTransaction signLegacy(
            Credentials from,
            long nonce,
            Optional<Address> to,
            BigInteger value,
            byte[] data,
            long gas,
            BigInteger price,
            long chainId) {
        RawTransaction raw = RawTransaction.createTransaction(
                BigInteger.valueOf(nonce),
                price,
                BigInteger.valueOf(gas),
                to.map(Address::toHex).orElse(""),
                value,
                org.web3j.utils.Numeric.toHexString(data));
        return TransactionDecoder.decode(TransactionEncoder.signMessage(raw, chainId, from));
    }

    Admission submit(SignedTransaction tx) {
        return mempool.add(tx);
    }

    /** Produces one block and waits until it is committed. */
    long mine() {
        try {
            return engine.produceBlock().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("block production failed", e);
        }
    }

    /** Submits, mines one block, and returns the receipt; fails when the transaction was not admitted or included. */
    Receipt execute(SignedTransaction tx) {
        Admission admission = submit(tx);
        if (!(admission instanceof Admission.Accepted)) {
            throw new AssertionError("not admitted: " + admission);
        }
        mine();
        return receipt(tx.hash()).orElseThrow(() -> new AssertionError("not included: " + tx.hash()));
    }

    Optional<Receipt> receipt(Hash32 txHash) {
        return chain.records()
                .location(txHash)
                .map(at -> chain.records().receipts(at.height()).get(at.index()));
    }

    List<Receipt> receipts(long height) {
        return new ArrayList<>(chain.records().receipts(height));
    }

    @Override
    public void close() {
        engine.close();
        vm.close();
        store.close();
    }
}
