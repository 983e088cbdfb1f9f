package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.node.execution.TransactionBodies.Body;
import io.lockstep.node.state.Account;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Makes the candidate transactions of one block from a seeded random source: deploys of mutated and odd
 * modules, calls with hostile calldata, model registrations with broken models, names and ABI, and value
 * transfers at the limits of the sender's balance and of intrinsic gas, as legacy and EIP-1559
 * transactions. Each candidate says whether a correct executor must include it, must leave it out, or
 * may do either.
 */
final class HostileTransactions {

    /** What a correct executor does with a candidate. */
    enum Expect {
        INCLUDED,
        EXCLUDED
    }

    /** One candidate transaction and what it is, for failure messages. */
    record Candidate(SignedTransaction tx, String label, Expect expect) {}

    private static final long BLOCK_BUDGET = 29_000_000;
    private final Random random;
    private final HostileChain chain;
    private final List<Credentials> workers;
    private final List<Credentials> limitSenders;
    private final Credentials faucet;
    private final TransactionBodies bodies;
    private final Function<TransactionBodies.Registration, Optional<HostPrograms.NnModel>> inspector;
    /** The models of pending registrations, by transaction hash, so that programs load them once registered. */
    private final Map<Hash32, TransactionBodies.Registration> registering = new HashMap<>();

    private long budget;

    HostileTransactions(
            Random random,
            HostileChain chain,
            TransactionBodies.Modules modules,
            List<Credentials> workers,
            List<Credentials> limitSenders,
            Credentials faucet,
            List<byte[]> goodModels,
            List<HostPrograms.NnModel> nnModels,
            Function<TransactionBodies.Registration, Optional<HostPrograms.NnModel>> inspector) {
        this.random = random;
        this.chain = chain;
        this.workers = List.copyOf(workers);
        this.limitSenders = List.copyOf(limitSenders);
        this.faucet = faucet;
        this.bodies = new TransactionBodies(
                random,
                modules,
                workers.stream().map(HostileTransactions::address).toList(),
                goodModels,
                nnModels);
        this.inspector = inspector;
    }

    /** A contract the generator calls from now on. */
    void addContract(TransactionBodies.Contract contract) {
        bodies.addContract(contract);
    }

    /**
     * Learns what {@code block} deployed and registered, so that later blocks call those contracts and
     * load those models too.
     */
    void observe(ExecutedBlock block) {
        for (int i = 0; i < block.receipts().size(); i++) {
            Receipt receipt = block.receipts().get(i);
            TransactionBodies.Registration registration =
                    registering.get(block.block().transactions().get(i).hash());
            if (!receipt.success()) {
                continue;
            }
            receipt.contractAddress()
                    .ifPresent(address ->
                            bodies.addContract(new TransactionBodies.Contract(address, TransactionBodies.Kind.MUTANT)));
            if (registration != null) {
                inspector.apply(registration).ifPresent(bodies::addModel);
            }
        }
        registering.clear();
    }

    /**
     * One block's candidates: each worker's transactions in nonce order (interleaved with the others'),
     * perhaps ending in one that cannot be included; one transfer at the edge of each limit sender's
     * balance; the faucet's refills last.
     */
    List<Candidate> block() {
        budget = BLOCK_BUDGET;
        List<List<Candidate>> queues = new ArrayList<>();
        for (Credentials worker : workers) {
            queues.add(workerQueue(worker));
        }
        for (Credentials sender : limitSenders) {
            Candidate edge = balanceEdge(sender);
            if (edge != null) {
                queues.add(new ArrayList<>(List.of(edge)));
            }
        }
        List<Candidate> out = interleave(queues);
        out.addAll(refills());
        return out;
    }

    private List<Candidate> workerQueue(Credentials worker) {
        Address from = address(worker);
        long nonce = chain.account(from).nonce();
        List<Candidate> queue = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            Body body = bodies.body(from, budget);
            long intrinsic = ChainRules.intrinsicGas(body.data(), body.to().isEmpty());
            long gas = gasFor(intrinsic, body.extraGas());
            if (gas > budget) {
                continue;
            }
            budget -= gas;
            Fees fees = fees(random.nextInt(4) == 0);
            SignedTransaction tx = sign(worker, nonce++, body, gas, HostileChain.CHAIN_ID, fees);
            if (bodies.lastRegistration() != null) {
                registering.put(tx.hash(), bodies.lastRegistration());
            }
            queue.add(new Candidate(tx, describe(body, gas, intrinsic, fees), Expect.INCLUDED));
        }
        if (random.nextInt(6) == 0) {
            queue.add(uninclude(worker, nonce));
        }
        return queue;
    }

    /** Exactly intrinsic gas or one more a tenth of the time; otherwise what the body asks for. */
    private long gasFor(long intrinsic, long extra) {
        int r = random.nextInt(20);
        if (r == 0) {
            return intrinsic;
        }
        if (r == 1) {
            return intrinsic + 1;
        }
        return Math.min(intrinsic + extra, HostileChain.RULES.blockGasLimit());
    }

    /** A transaction that no block may include: gas, nonce, chain id or fees wrong. */
    private Candidate uninclude(Credentials worker, long nonce) {
        Body body = bodies.transfer(address(worker));
        long intrinsic = ChainRules.intrinsicGas(body.data(), false);
        Fees fees = fees(random.nextBoolean());
        long gas = intrinsic;
        long chainId = HostileChain.CHAIN_ID;
        String why;
        switch (random.nextInt(6)) {
            case 0 -> {
                gas = intrinsic - 1;
                why = "intrinsic-1";
            }
            case 1 -> {
                nonce += 1 + random.nextInt(3);
                why = "nonce too high";
            }
            case 2 -> {
                nonce = nonce == 0 ? 5 : nonce - 1;
                why = "nonce off";
            }
            case 3 -> {
                chainId = 1;
                why = "chain id 1";
            }
            case 4 -> {
                gas = HostileChain.RULES.blockGasLimit() + 1;
                why = "gas above block";
            }
            default -> {
                fees = new Fees(fees.legacy(), BigInteger.ZERO, HostileChain.GWEI.subtract(BigInteger.ONE));
                why = "fee below base";
            }
        }
        return new Candidate(
                sign(worker, nonce, body, gas, chainId, fees),
                "uninclude(" + why + ") " + describe(body, gas, intrinsic, fees),
                Expect.EXCLUDED);
    }

    /** A transfer of all the sender can spend after gas, or one wei more. */
    private Candidate balanceEdge(Credentials sender) {
        Address from = address(sender);
        Account account = chain.account(from);
        Optional<Address> to = Optional.of(bodies.edgeTarget(from));
        byte[] data = random.nextInt(4) == 0 ? randomBytes(random.nextInt(40)) : new byte[0];
        long intrinsic = ChainRules.intrinsicGas(data, false);
        long gas = random.nextInt(3) == 0 ? intrinsic + random.nextInt(200_000) : intrinsic;
        if (gas > budget) {
            return null;
        }
        Fees fees = fees(random.nextBoolean());
        BigInteger spendable = account.balance().subtract(fees.cap().multiply(BigInteger.valueOf(gas)));
        if (spendable.signum() < 0) {
            return null;
        }
        boolean short1 = random.nextBoolean();
        BigInteger value = short1 ? spendable.add(BigInteger.ONE) : spendable;
        budget -= gas;
        Body body = new Body(to, value, data, 0, (short1 ? "one wei short" : "exactly enough") + " to " + to.get());
        return new Candidate(
                sign(sender, account.nonce(), body, gas, HostileChain.CHAIN_ID, fees),
                describe(body, gas, intrinsic, fees),
                short1 ? Expect.EXCLUDED : Expect.INCLUDED);
    }

    /** The faucet tops up the limit senders that spent their balance; last, after their edge transfers. */
    private List<Candidate> refills() {
        List<Candidate> out = new ArrayList<>();
        long nonce = chain.account(address(faucet)).nonce();
        for (Credentials sender : limitSenders) {
            Address to = address(sender);
            if (chain.account(to).balance().compareTo(HostileChain.ETHER) >= 0 || budget < ChainRules.TX_GAS) {
                continue;
            }
            budget -= ChainRules.TX_GAS;
            Body body =
                    new Body(Optional.of(to), HostileChain.ETHER.multiply(BigInteger.TEN), new byte[0], 0, "refill");
            out.add(new Candidate(
                    sign(faucet, nonce++, body, ChainRules.TX_GAS, HostileChain.CHAIN_ID, fees(false)),
                    "refill " + to,
                    Expect.INCLUDED));
        }
        return out;
    }

    /**
     * What a transaction offers per gas: a legacy gas price, given as {@code cap} (the tip is then unused),
     * or an EIP-1559 tip and fee cap.
     */
    private record Fees(boolean legacy, BigInteger tip, BigInteger cap) {}

    /** Fees at or above the base fee: 1–3 gwei legacy, or a 0–2 gwei tip under a cap of base + tip or 3–4 gwei. */
    private Fees fees(boolean legacy) {
        BigInteger gwei = HostileChain.GWEI;
        if (legacy) {
            return new Fees(true, BigInteger.ZERO, gwei.multiply(BigInteger.valueOf(1 + random.nextInt(3))));
        }
        BigInteger tip = gwei.multiply(BigInteger.valueOf(random.nextInt(3)));
        BigInteger cap =
                random.nextBoolean() ? gwei.add(tip) : gwei.multiply(BigInteger.valueOf(3 + random.nextInt(2)));
        return new Fees(false, tip, cap);
    }

    private SignedTransaction sign(Credentials from, long nonce, Body body, long gas, long chainId, Fees fees) {
        String to = body.to().map(Address::toHex).orElse("");
        String data = Numeric.toHexString(body.data());
        byte[] raw;
        if (fees.legacy()) {
            RawTransaction tx = RawTransaction.createTransaction(
                    BigInteger.valueOf(nonce), fees.cap(), BigInteger.valueOf(gas), to, body.value(), data);
            raw = TransactionEncoder.signMessage(tx, chainId, from);
        } else {
            RawTransaction tx = RawTransaction.createTransaction(
                    chainId,
                    BigInteger.valueOf(nonce),
                    BigInteger.valueOf(gas),
                    to,
                    body.value(),
                    data,
                    fees.tip(),
                    fees.cap());
            raw = TransactionEncoder.signMessage(tx, from);
        }
        return TransactionDecoder.decode(raw);
    }

    private static String describe(Body body, long gas, long intrinsic, Fees fees) {
        return body.label() + " [" + (fees.legacy() ? "legacy" : "1559") + " gas=intrinsic+" + (gas - intrinsic)
                + " value=" + body.value() + "]";
    }

    private List<Candidate> interleave(List<List<Candidate>> queues) {
        List<Candidate> out = new ArrayList<>();
        List<List<Candidate>> open = new ArrayList<>();
        for (List<Candidate> queue : queues) {
            if (!queue.isEmpty()) {
                open.add(new ArrayList<>(queue));
            }
        }
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            List<Candidate> queue = open.get(pick);
            out.add(queue.remove(0));
            if (queue.isEmpty()) {
                open.remove(pick);
            }
        }
        return out;
    }

    private byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    static Address address(Credentials credentials) {
        return Address.fromHex(credentials.getAddress());
    }
}
