package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.RlpFields;
import io.lockstep.core.chain.internal.RlpReader;
import io.lockstep.core.chain.internal.RlpWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.rlp.RlpType;

/**
 * A block: its header and its transactions in execution order. Whether the header's roots match the
 * transactions and their execution is for the validator to check, not for this type.
 *
 * @param header the header
 * @param transactions the transactions, in order
 */
public record Block(BlockHeader header, List<SignedTransaction> transactions) {

    public Block {
        Objects.requireNonNull(header, "header");
        transactions = List.copyOf(Objects.requireNonNull(transactions, "transactions"));
    }

    /** The header's hash. */
    public Hash32 hash() {
        return header.hash();
    }

    /** The {@link ListRoot} over the transactions' raw bytes, which the header's transactions root should be. */
    public Hash32 computeTransactionsRoot() {
        return ListRoot.ofTransactions(transactions);
    }

    /**
     * The canonical encoding: an RLP list of the header's list and a list of the transactions' raw bytes,
     * each a byte string (typed envelopes and legacy lists alike).
     */
    public byte[] encode() {
        List<RlpType> raws = new ArrayList<>(transactions.size());
        for (SignedTransaction tx : transactions) {
            raws.add(RlpWriter.bytes(tx.raw()));
        }
        return RlpWriter.encode(RlpWriter.list(header.rlp(), RlpWriter.list(raws)));
    }

    /**
     * Reads what {@link #encode()} wrote, decoding and verifying every transaction.
     *
     * @throws InvalidTransactionException if a transaction is invalid, its index in the message
     * @throws IllegalArgumentException if anything else is wrong, naming it
     */
    public static Block decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "block bytes");
        List<RlpType> f = RlpFields.list(RlpReader.decode(bytes), 2, "block");
        BlockHeader header = BlockHeader.fromRlp(f.get(0));
        List<RlpType> raws = RlpFields.list(f.get(1), "block transactions");
        List<SignedTransaction> transactions = new ArrayList<>(raws.size());
        for (int i = 0; i < raws.size(); i++) {
            byte[] raw = RlpFields.bytes(raws.get(i), "block transaction " + i);
            try {
                transactions.add(TransactionDecoder.decode(raw));
            } catch (InvalidTransactionException e) {
                throw new InvalidTransactionException(e.reason(), "block transaction " + i + ": " + e.detail());
            }
        }
        return new Block(header, transactions);
    }
}
