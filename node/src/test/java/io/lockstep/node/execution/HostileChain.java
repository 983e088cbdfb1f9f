package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Bloom;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.ListRoot;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.state.InMemoryNodeStore;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.CommittedState;
import io.lockstep.node.state.StateReader;
import io.lockstep.node.state.WorldState;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A chain in memory for execution tests: a proposer's executor builds each block on the compiled engine,
 * and two validators with VMs of their own re-execute it, one on the compiled engine and one on the
 * interpreter, before it is committed. Each VM starts with no code cached, as a validator that has just
 * restarted does.
 */
final class HostileChain implements AutoCloseable {

    static final long CHAIN_ID = 1337;
    static final BigInteger GWEI = BigInteger.TEN.pow(9);
    static final BigInteger ETHER = BigInteger.TEN.pow(18);
    static final ChainRules RULES = new ChainRules(CHAIN_ID, 30_000_000, GWEI, ChainRules.DEFAULT_FUEL_PER_GAS);
    static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000be5ea");
    static final long MAX_BLOCK_BYTES = 8L << 20;

    private final InMemoryNodeStore nodes = new InMemoryNodeStore();
    private ContractVm proposerVm;
    private ContractVm compiledVm;
    private ContractVm interpretedVm;
    private BlockHeader head;

    HostileChain(Map<Address, BigInteger> alloc) {
        WorldState genesis = new WorldState(StateReader.EMPTY);
        alloc.forEach((address, balance) -> genesis.setAccount(address, Account.EMPTY.withBalance(balance)));
        TreeUpdate update = new SparseMerkleTree(nodes).update(NodeRef.EMPTY, 0, genesis.changes());
        nodes.apply(update);
        head = new BlockHeader(
                Hash32.ZERO,
                0,
                1_700_000_000L,
                PROPOSER,
                Hash32.of(update.root().hash()),
                ListRoot.of(List.of()),
                ListRoot.of(List.of()),
                Bloom.EMPTY,
                0,
                RULES.blockGasLimit(),
                RULES.baseFeePerGas(),
                0,
                new byte[0]);
        proposerVm = new ContractVm(VmConfig.DEFAULT);
        compiledVm = new ContractVm(VmConfig.DEFAULT);
        interpretedVm = new ContractVm(VmConfig.DEFAULT);
    }

    BlockHeader head() {
        return head;
    }

    /** The committed state at the head. */
    StateReader state() {
        return new CommittedState(nodes, nodes.root(head.height()), head.height());
    }

    Account account(Address address) {
        return new WorldState(state()).account(address);
    }

    /** A transaction executor over the proposer's VM, for re-running a block's transactions one at a time. */
    TransactionExecutor proposerTransactions() {
        return new TransactionExecutor(RULES, proposerVm, Engine.COMPILED);
    }

    /** The proposer's block from {@code candidates}, on the compiled engine; nothing is committed. */
    ExecutedBlock build(List<SignedTransaction> candidates) {
        return new BlockExecutor(proposerTransactions())
                .build(
                        head,
                        nodes,
                        nodes.root(head.height()),
                        head.timestamp() + 1,
                        PROPOSER,
                        candidates,
                        MAX_BLOCK_BYTES);
    }

    /** A validator's verdict on {@code proposal}, re-executed on {@code engine} with that validator's VM. */
    BlockExecutor.Verified verify(Block proposal, Engine engine) {
        ContractVm vm = engine == Engine.COMPILED ? compiledVm : interpretedVm;
        return new BlockExecutor(new TransactionExecutor(RULES, vm, engine))
                .verify(head, nodes, nodes.root(head.height()), proposal);
    }

    void commit(ExecutedBlock block) {
        nodes.apply(block.stateUpdate());
        head = block.block().header();
    }

    /** Replaces the validators' VMs with fresh ones: their code and models come back from the state. */
    void restartValidators() {
        compiledVm.close();
        interpretedVm.close();
        compiledVm = new ContractVm(VmConfig.DEFAULT);
        interpretedVm = new ContractVm(VmConfig.DEFAULT);
    }

    @Override
    public void close() {
        proposerVm.close();
        compiledVm.close();
        interpretedVm.close();
    }
}
