package io.lockstep.node.execution;

import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.state.Account;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules a transaction must meet to be included in a block, each written once. {@link #check} applies
 * them all, in the order a block's execution does ({@link TransactionExecutor#check}); the mempool applies
 * the ones it can know at admission, in the groups below, and turns each {@link InvalidReason} into its
 * rejection. So the pool and the blocks cannot disagree on what a fee, gas or nonce rule says.
 *
 * <p>Two rules are only for a block being built: a nonce above the account's (the pool holds such
 * transactions until the gap closes) and the gas left in the block.
 */
public final class InclusionRules {

    private final ChainRules rules;

    public InclusionRules(ChainRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** Why {@code tx} cannot be included after {@code gasUsedInBlock} gas, sent by {@code sender}; empty if it can. */
    public Optional<TxResult.Invalid> check(SignedTransaction tx, Account sender, long gasUsedInBlock) {
        return chainId(tx)
                .or(() -> sender(tx, sender))
                .or(() -> nextNonce(tx, sender))
                .or(() -> gasAndFees(tx))
                .or(() -> blockSpace(tx, gasUsedInBlock))
                .or(() -> funds(tx, sender));
    }

    /** The transaction is signed for this chain. */
    public Optional<TxResult.Invalid> chainId(SignedTransaction tx) {
        if (tx.chainId() != rules.chainId()) {
            return invalid(InvalidReason.WRONG_CHAIN_ID, "have " + tx.chainId() + ", want " + rules.chainId());
        }
        return Optional.empty();
    }

    /**
     * Gas and fees, which need no state: the gas limit covers the intrinsic gas and fits a block, the tip is
     * within the fee cap, and the fee cap reaches the base fee.
     */
    public Optional<TxResult.Invalid> gasAndFees(SignedTransaction tx) {
        long intrinsic = ChainRules.intrinsicGas(tx.data(), tx.isDeploy());
        if (tx.gasLimit() < intrinsic) {
            return invalid(InvalidReason.INTRINSIC_GAS_TOO_LOW, "have " + tx.gasLimit() + ", want " + intrinsic);
        }
        if (tx.gasLimit() > rules.blockGasLimit()) {
            return invalid(
                    InvalidReason.GAS_LIMIT_ABOVE_BLOCK, "have " + tx.gasLimit() + ", block " + rules.blockGasLimit());
        }
        if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
            return invalid(InvalidReason.TIP_ABOVE_FEE_CAP, "");
        }
        if (tx.maxFeePerGas().compareTo(rules.baseFeePerGas()) < 0) {
            return invalid(
                    InvalidReason.FEE_CAP_BELOW_BASE_FEE,
                    "max fee " + tx.maxFeePerGas() + ", base fee " + rules.baseFeePerGas());
        }
        return Optional.empty();
    }

    /** The sender is an account that can sign (not a contract) and has not used the nonce yet. */
    public Optional<TxResult.Invalid> sender(SignedTransaction tx, Account sender) {
        if (sender.isContract()) {
            return invalid(InvalidReason.SENDER_IS_CONTRACT, tx.from().toHex());
        }
        if (tx.nonce() < sender.nonce()) {
            return invalid(
                    InvalidReason.NONCE_TOO_LOW,
                    "address " + tx.from() + ", tx " + tx.nonce() + " state " + sender.nonce());
        }
        return Optional.empty();
    }

    /** The sender can pay for all the gas at the fee cap, and the value. */
    public Optional<TxResult.Invalid> funds(SignedTransaction tx, Account sender) {
        BigInteger cost = tx.maxCost();
        if (sender.balance().compareTo(cost) < 0) {
            return invalid(
                    InvalidReason.INSUFFICIENT_FUNDS,
                    "address " + tx.from() + " have " + sender.balance() + " want " + cost);
        }
        return Optional.empty();
    }

    /** In a block, the nonce is the account's next one. */
    private static Optional<TxResult.Invalid> nextNonce(SignedTransaction tx, Account sender) {
        if (tx.nonce() > sender.nonce()) {
            return invalid(
                    InvalidReason.NONCE_TOO_HIGH,
                    "address " + tx.from() + ", tx " + tx.nonce() + " state " + sender.nonce());
        }
        return Optional.empty();
    }

    /** In a block, the gas limit fits what the earlier transactions left. */
    private Optional<TxResult.Invalid> blockSpace(SignedTransaction tx, long gasUsedInBlock) {
        if (tx.gasLimit() > rules.blockGasLimit() - gasUsedInBlock) {
            return invalid(InvalidReason.BLOCK_FULL, "");
        }
        return Optional.empty();
    }

    private static Optional<TxResult.Invalid> invalid(InvalidReason reason, String detail) {
        return Optional.of(new TxResult.Invalid(reason, detail));
    }
}
