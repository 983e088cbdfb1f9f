package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.ContractAddress;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.state.StateReader;
import io.lockstep.node.state.WorldState;
import io.lockstep.vm.CallContext;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.CodeHash;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployData;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.Engine;
import io.lockstep.vm.LogEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Executes one transaction against a block's state: checks that it may be included, buys its gas, runs its
 * body (a value transfer, a deploy, a contract call on the VM, or a model registration) in a layer that is
 * kept only if the body succeeds, refunds unused gas, pays the tip to the proposer and burns the base fee.
 * docs/spec/execution.md gives the rules.
 */
public final class TransactionExecutor {

    /** The receipt error of a call to code that exports no {@code call}: such code cannot be called. */
    public static final String NO_CALL_ENTRY = "contract has no call export";

    private final ChainRules rules;
    private final ContractVm vm;
    private final Engine engine;
    private final ModelRegistryContract modelRegistry;
    private final InclusionRules inclusion;

    public TransactionExecutor(ChainRules rules, ContractVm vm, Engine engine) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.inclusion = new InclusionRules(rules);
        this.vm = Objects.requireNonNull(vm, "vm");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.modelRegistry = new ModelRegistryContract(vm);
    }

    public ChainRules rules() {
        return rules;
    }

    /**
     * Executes {@code tx} in {@code state}, the block's layer, after {@code gasUsedInBlock} gas of earlier
     * transactions. An {@link TxResult.Invalid} result leaves {@code state} unchanged.
     */
    public TxResult execute(SignedTransaction tx, BlockContext block, WorldState state, long gasUsedInBlock) {
        Optional<TxResult.Invalid> invalid = check(tx, state, gasUsedInBlock);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Address from = tx.from();
        BigInteger price = tx.effectiveGasPrice(rules.baseFeePerGas());
        BigInteger gasLimit = BigInteger.valueOf(tx.gasLimit());
        Account sender = state.account(from);
        state.setAccount(
                from,
                sender.withNonce(tx.nonce() + 1).withBalance(sender.balance().subtract(gasLimit.multiply(price))));

        long intrinsic = ChainRules.intrinsicGas(tx.data(), tx.isDeploy());
        WorldState layer = state.child();
        BodyResult body =
                runBody(layer, from, tx.to(), tx.value(), tx.data(), tx.gasLimit() - intrinsic, tx.nonce(), block);
        if (body.success()) {
            layer.mergeIntoParent();
        }
        long gasUsed = Math.min(tx.gasLimit(), intrinsic + body.gasUsed());

        Account payer = state.account(from);
        BigInteger refund = BigInteger.valueOf(tx.gasLimit() - gasUsed).multiply(price);
        state.setAccount(from, payer.withBalance(payer.balance().add(refund)));
        BigInteger tip = price.subtract(rules.baseFeePerGas()).multiply(BigInteger.valueOf(gasUsed));
        if (tip.signum() > 0) {
            Account proposer = state.account(block.proposer());
            state.setAccount(
                    block.proposer(), proposer.withBalance(proposer.balance().add(tip)));
        }
        Receipt receipt = new Receipt(
                body.success(),
                gasUsedInBlock + gasUsed,
                gasUsed,
                body.fuelUsed(),
                body.logs(),
                body.returnData(),
                body.contractAddress(),
                price,
                tx.type(),
                body.error());
        return new TxResult.Included(receipt, body.inferences());
    }

    /**
     * Why {@code tx} cannot be included after {@code gasUsedInBlock} gas, or empty when it can: every rule
     * of {@link InclusionRules}, the ones the mempool also applies at admission.
     */
    public Optional<TxResult.Invalid> check(SignedTransaction tx, StateReader state, long gasUsedInBlock) {
        return inclusion.check(tx, account(state, tx.from()), gasUsedInBlock);
    }

    /**
     * Executes {@code request} against {@code state} without changing it: {@code eth_call} and {@code
     * eth_estimateGas}.
     */
    public CallResult simulate(CallRequest request, BlockContext block, StateReader state) {
        long intrinsic = ChainRules.intrinsicGas(request.data(), request.to().isEmpty());
        if (request.gas() < intrinsic) {
            return new CallResult(
                    false,
                    request.gas(),
                    0,
                    new byte[0],
                    List.of(),
                    Optional.of("intrinsic gas too low: want " + intrinsic));
        }
        WorldState layer = new WorldState(state);
        Account sender = layer.account(request.from());
        if (sender.balance().compareTo(request.value()) < 0) {
            return new CallResult(
                    false,
                    intrinsic,
                    0,
                    new byte[0],
                    List.of(),
                    Optional.of(InvalidReason.INSUFFICIENT_FUNDS.message()));
        }
        BodyResult body = runBody(
                layer,
                request.from(),
                request.to(),
                request.value(),
                request.data(),
                request.gas() - intrinsic,
                sender.nonce(),
                block);
        long gasUsed = Math.min(request.gas(), intrinsic + body.gasUsed());
        return new CallResult(body.success(), gasUsed, body.fuelUsed(), body.returnData(), body.logs(), body.error());
    }

    private BodyResult runBody(
            WorldState layer,
            Address from,
            Optional<Address> to,
            BigInteger value,
            byte[] data,
            long gasAvailable,
            long nonce,
            BlockContext block) {
        if (to.isEmpty()) {
            return deploy(layer, from, value, data, gasAvailable, nonce, block);
        }
        Address target = to.get();
        if (target.equals(ModelRegistryContract.ADDRESS)) {
            return modelRegistry.execute(layer, from, data, value.signum() > 0, gasAvailable, block.height());
        }
        transfer(layer, from, target, value);
        Account account = layer.account(target);
        if (account.codeHash().isEmpty()) {
            return BodyResult.success(0, 0, new byte[0], List.of());
        }
        return call(
                layer,
                from,
                target,
                value,
                data,
                gasAvailable,
                account.codeHash().get(),
                block);
    }

    /**
     * Why a deploy of {@code data} fails in any state, or empty when it may succeed: the module is refused,
     * or there is constructor input but no constructor. The mempool refuses such deploys up front.
     */
    public Optional<String> deployRefusal(byte[] data) {
        DeployData parts = DeployData.split(data);
        DeployResult deployed = vm.deploy(parts.module());
        if (deployed instanceof DeployResult.Rejected rejected) {
            return Optional.of(rejected.message());
        }
        DeployedCode code = ((DeployResult.Deployed) deployed).code();
        if (parts.constructorInput().length > 0 && !code.hasConstructor()) {
            return Optional.of(ContractVm.INPUT_WITHOUT_CONSTRUCTOR);
        }
        return Optional.empty();
    }

    private BodyResult deploy(
            WorldState layer,
            Address from,
            BigInteger value,
            byte[] data,
            long gasAvailable,
            long nonce,
            BlockContext block) {
        Address address = ContractAddress.of(from, nonce);
        DeployData parts = DeployData.split(data);
        byte[] wasm = parts.module();
        long codeGas = (long) wasm.length * ChainRules.CODE_BYTE_GAS;
        if (codeGas > gasAvailable) {
            return BodyResult.failure(
                            gasAvailable,
                            0,
                            new byte[0],
                            "out of gas: storing " + wasm.length + " bytes of code needs " + codeGas + " gas")
                    .withContractAddress(address);
        }
        DeployResult deployed = vm.deploy(wasm);
        if (deployed instanceof DeployResult.Rejected rejected) {
            // The reason, not the message: receipts are consensus and the message is the pipeline's prose.
            return BodyResult.failure(codeGas, 0, new byte[0], "invalid module: " + rejected.reason())
                    .withContractAddress(address);
        }
        DeployedCode code = ((DeployResult.Deployed) deployed).code();
        byte[] input = parts.constructorInput();
        if (input.length > 0 && !code.hasConstructor()) {
            return BodyResult.failure(codeGas, 0, new byte[0], ContractVm.INPUT_WITHOUT_CONSTRUCTOR)
                    .withContractAddress(address);
        }
        Account existing = layer.account(address);
        if (existing.isContract() || existing.nonce() > 0) {
            return BodyResult.failure(gasAvailable, 0, new byte[0], "contract address collision")
                    .withContractAddress(address);
        }
        Hash32 codeHash = Hash32.of(CodeHash.of(wasm).bytes());
        if (layer.get(StateKeys.code(codeHash)) == null) {
            layer.put(StateKeys.code(codeHash), wasm);
        }
        layer.setAccount(address, existing.withCode(codeHash));
        transfer(layer, from, address, value);
        if (!code.hasConstructor()) {
            return BodyResult.success(codeGas, 0, new byte[0], List.of()).withContractAddress(address);
        }
        // The constructor runs against the installed account, so that it sees its own code, balance and
        // storage as any later call does; a failure drops the whole layer, account and code included.
        CallContext context = context(layer, from, address, value, input, block);
        long gasLeft = gasAvailable - codeGas;
        CallOutcome outcome =
                vm.construct(code, context, new StateModelRegistry(layer), rules.fuelFor(gasLeft), engine);
        return bodyOf(outcome, address, gasLeft).withGasAdded(codeGas).withContractAddress(address);
    }

    private BodyResult call(
            WorldState layer,
            Address from,
            Address contract,
            BigInteger value,
            byte[] data,
            long gasAvailable,
            Hash32 codeHash,
            BlockContext block) {
        DeployedCode code = code(layer, codeHash);
        if (!code.hasCallEntry()) {
            // Nothing runs, so nothing beyond the intrinsic gas is used; the value stays with the sender.
            return BodyResult.failure(0, 0, new byte[0], NO_CALL_ENTRY);
        }
        CallContext context = context(layer, from, contract, value, data, block);
        CallOutcome outcome =
                vm.call(code, context, new StateModelRegistry(layer), rules.fuelFor(gasAvailable), engine);
        return bodyOf(outcome, contract, gasAvailable);
    }

    /** What {@code contract}'s code sees when {@code from} runs it with {@code value} and {@code input}. */
    private static CallContext context(
            WorldState layer, Address from, Address contract, BigInteger value, byte[] input, BlockContext block) {
        return new CallContext(
                from.bytes(),
                contract.bytes(),
                Account.word(value),
                block.height(),
                block.timestamp(),
                input,
                new ContractStorageView(layer, contract));
    }

    /** The body result of a contract execution given {@code gasAvailable}, its logs attributed to {@code contract}. */
    private BodyResult bodyOf(CallOutcome outcome, Address contract, long gasAvailable) {
        long fuel = outcome.fuelUsed();
        long gas = Math.min(gasAvailable, rules.gasFor(fuel));
        if (outcome instanceof CallOutcome.Success success) {
            return BodyResult.success(gas, fuel, success.returnData(), logs(contract, success.logs()))
                    .withInferences(success.inferences());
        }
        if (outcome instanceof CallOutcome.Reverted reverted) {
            return BodyResult.failure(gas, fuel, reverted.reason(), "execution reverted");
        }
        if (outcome instanceof CallOutcome.OutOfFuel) {
            return BodyResult.failure(gasAvailable, fuel, new byte[0], "out of gas");
        }
        CallOutcome.Trapped trapped = (CallOutcome.Trapped) outcome;
        // The kind, not the message: receipts are consensus, and engines word their traps differently.
        return BodyResult.failure(gas, fuel, new byte[0], "trapped: " + trapped.kind());
    }

    /** The VM's prepared code for {@code codeHash}, prepared again from the state after a restart. */
    private DeployedCode code(StateReader state, Hash32 codeHash) {
        Optional<DeployedCode> known = vm.code(CodeHash.fromBytes(codeHash.bytes()));
        if (known.isPresent()) {
            return known.get();
        }
        byte[] wasm = state.get(StateKeys.code(codeHash));
        if (wasm == null) {
            throw new IllegalStateException("the state has an account with code " + codeHash + " but not the code");
        }
        DeployResult deployed = vm.deploy(wasm);
        if (deployed instanceof DeployResult.Deployed d) {
            return d.code();
        }
        // Deployed once, so the pipeline accepted it: a refusal now means the VM's rules changed under the chain.
        throw new IllegalStateException("stored code " + codeHash + " no longer passes the deploy pipeline: "
                + ((DeployResult.Rejected) deployed).message());
    }

    private static List<Log> logs(Address contract, List<LogEntry> entries) {
        List<Log> out = new ArrayList<>(entries.size());
        for (LogEntry entry : entries) {
            List<Hash32> topics = new ArrayList<>();
            for (byte[] topic : entry.topics()) {
                topics.add(Hash32.of(topic));
            }
            out.add(new Log(contract, topics, entry.data()));
        }
        return out;
    }

    private static void transfer(WorldState state, Address from, Address to, BigInteger value) {
        if (value.signum() == 0) {
            return;
        }
        Account sender = state.account(from);
        state.setAccount(from, sender.withBalance(sender.balance().subtract(value)));
        Account receiver = state.account(to);
        state.setAccount(to, receiver.withBalance(receiver.balance().add(value)));
    }

    private static Account account(StateReader state, Address address) {
        byte[] bytes = state.get(StateKeys.account(address));
        return bytes == null ? Account.EMPTY : Account.decode(bytes);
    }
}
