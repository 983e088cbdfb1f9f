package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.Hex;
import io.lockstep.core.chain.internal.RlpException;
import io.lockstep.core.chain.internal.RlpFields;
import io.lockstep.core.chain.internal.RlpReader;
import io.lockstep.core.chain.internal.RlpWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.web3j.rlp.RlpType;

/**
 * What executing one transaction of a block produced. A receipt succeeded exactly when it has no error
 * text, and a failed one has no logs. The block's receipts root is the {@link ListRoot} over the
 * receipts' {@link #encode() encodings}.
 *
 * @param success whether the transaction's effects were kept
 * @param cumulativeGasUsed gas used in the block up to and including this transaction
 * @param gasUsed gas this transaction used
 * @param fuelUsed contract fuel this transaction used (0 for a plain transfer)
 * @param logs the logs it emitted, in order (none when it failed)
 * @param returnData what the call returned or, on revert, the revert data; copied in and out
 * @param contractAddress the deployed contract's address, for a deploy
 * @param effectiveGasPrice the price per gas the sender paid
 * @param type the transaction's type
 * @param error why it failed ("out of fuel", "trapped: unreachable", "reverted"); empty on success
 */
public record Receipt(
        boolean success,
        long cumulativeGasUsed,
        long gasUsed,
        long fuelUsed,
        List<Log> logs,
        byte[] returnData,
        Optional<Address> contractAddress,
        BigInteger effectiveGasPrice,
        TxType type,
        Optional<String> error) {

    private static final int FIELDS = 10;

    public Receipt {
        if (cumulativeGasUsed < 0 || gasUsed < 0 || fuelUsed < 0) {
            throw new IllegalArgumentException("gas and fuel used are not negative: cumulative " + cumulativeGasUsed
                    + ", gas " + gasUsed + ", fuel " + fuelUsed);
        }
        if (gasUsed > cumulativeGasUsed) {
            throw new IllegalArgumentException(
                    "gas used " + gasUsed + " is above the cumulative gas used " + cumulativeGasUsed);
        }
        logs = List.copyOf(Objects.requireNonNull(logs, "logs"));
        if (!success && !logs.isEmpty()) {
            // A failed transaction's effects, its logs among them, are rolled back.
            throw new IllegalArgumentException("a failed receipt has no logs, got " + logs.size());
        }
        returnData = Objects.requireNonNull(returnData, "return data").clone();
        Objects.requireNonNull(contractAddress, "contract address (Optional.empty() when none)");
        Objects.requireNonNull(effectiveGasPrice, "effective gas price");
        if (effectiveGasPrice.signum() < 0 || effectiveGasPrice.bitLength() > 256) {
            throw new IllegalArgumentException("effective gas price is not in [0, 2^256): " + effectiveGasPrice);
        }
        Objects.requireNonNull(type, "transaction type");
        Objects.requireNonNull(error, "error (Optional.empty() on success)");
        if (success == error.isPresent()) {
            throw new IllegalArgumentException(
                    success ? "a successful receipt has no error text" : "a failed receipt says why in its error");
        }
        if (error.isPresent()) {
            if (error.get().isEmpty()) {
                throw new IllegalArgumentException("a failed receipt's error text is not empty");
            }
            StrictUtf8.encode(error.get());
        }
    }

    /** A copy of the return or revert data. */
    @Override
    public byte[] returnData() {
        return returnData.clone();
    }

    /** The bloom over this receipt's logs. */
    public Bloom logsBloom() {
        return Bloom.of(logs);
    }

    /**
     * The canonical encoding, an RLP list of: type (0 or 2), status (1 success, 0 failure), cumulative gas
     * used, gas used, fuel used, effective gas price, contract address (20 bytes or empty), logs (a list of
     * {@code [address, [topic, ...], data]}), return data, error (UTF-8, empty on success). Integers are
     * minimal big-endian. The bloom is not encoded: it follows from the logs.
     */
    public byte[] encode() {
        List<RlpType> encodedLogs = new ArrayList<>(logs.size());
        for (Log log : logs) {
            List<RlpType> topics = new ArrayList<>(log.topics().size());
            for (Hash32 topic : log.topics()) {
                topics.add(RlpWriter.bytes(topic.bytes()));
            }
            encodedLogs.add(RlpWriter.list(
                    RlpWriter.bytes(log.address().bytes()), RlpWriter.list(topics), RlpWriter.bytes(log.data())));
        }
        return RlpWriter.encode(RlpWriter.list(
                RlpWriter.uint(type.code()),
                RlpWriter.uint(success ? 1 : 0),
                RlpWriter.uint(cumulativeGasUsed),
                RlpWriter.uint(gasUsed),
                RlpWriter.uint(fuelUsed),
                RlpWriter.uint(effectiveGasPrice),
                RlpWriter.bytes(contractAddress.map(Address::bytes).orElse(new byte[0])),
                RlpWriter.list(encodedLogs),
                RlpWriter.bytes(returnData),
                RlpWriter.bytes(error.map(StrictUtf8::encode).orElse(new byte[0]))));
    }

    /**
     * Reads what {@link #encode()} wrote; strict: non-canonical RLP, trailing bytes, unknown types or
     * statuses and anything the constructor refuses are errors.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Receipt decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "receipt bytes");
        List<RlpType> f = RlpFields.list(RlpReader.decode(bytes), FIELDS, "receipt");
        int typeCode = RlpFields.uint(f.get(0), 8, "receipt type").intValue();
        TxType type = TxType.fromCode(typeCode).orElseThrow(() -> new RlpException("unknown receipt type " + typeCode));
        int status = RlpFields.uint(f.get(1), 8, "receipt status").intValue();
        if (status > 1) {
            throw new RlpException("receipt status is 0 or 1, got " + status);
        }
        long cumulativeGasUsed = RlpFields.uint63(f.get(2), "cumulative gas used");
        long gasUsed = RlpFields.uint63(f.get(3), "gas used");
        long fuelUsed = RlpFields.uint63(f.get(4), "fuel used");
        BigInteger effectiveGasPrice = RlpFields.uint(f.get(5), 256, "effective gas price");
        byte[] contract = RlpFields.bytes(f.get(6), "contract address");
        Optional<Address> contractAddress = contract.length == 0
                ? Optional.empty()
                : Optional.of(Address.of(RlpFields.fixed(f.get(6), Address.LENGTH, "contract address")));
        List<Log> logs = new ArrayList<>();
        for (RlpType item : RlpFields.list(f.get(7), "logs")) {
            logs.add(decodeLog(item));
        }
        byte[] returnData = RlpFields.bytes(f.get(8), "return data");
        String error = RlpFields.utf8(f.get(9), "error");
        return new Receipt(
                status == 1,
                cumulativeGasUsed,
                gasUsed,
                fuelUsed,
                logs,
                returnData,
                contractAddress,
                effectiveGasPrice,
                type,
                error.isEmpty() ? Optional.empty() : Optional.of(error));
    }

    private static Log decodeLog(RlpType item) {
        List<RlpType> f = RlpFields.list(item, 3, "log");
        Address address = Address.of(RlpFields.fixed(f.get(0), Address.LENGTH, "log address"));
        List<RlpType> topicItems = RlpFields.list(f.get(1), "log topics");
        if (topicItems.size() > Log.MAX_TOPICS) {
            throw new RlpException("a log has at most 4 topics, got " + topicItems.size());
        }
        List<Hash32> topics = new ArrayList<>(topicItems.size());
        for (RlpType topic : topicItems) {
            topics.add(Hash32.of(RlpFields.fixed(topic, Hash32.LENGTH, "log topic")));
        }
        return new Log(address, topics, RlpFields.bytes(f.get(2), "log data"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Receipt o
                && success == o.success
                && cumulativeGasUsed == o.cumulativeGasUsed
                && gasUsed == o.gasUsed
                && fuelUsed == o.fuelUsed
                && logs.equals(o.logs)
                && Arrays.equals(returnData, o.returnData)
                && contractAddress.equals(o.contractAddress)
                && effectiveGasPrice.equals(o.effectiveGasPrice)
                && type == o.type
                && error.equals(o.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                success,
                cumulativeGasUsed,
                gasUsed,
                fuelUsed,
                logs,
                Arrays.hashCode(returnData),
                contractAddress,
                effectiveGasPrice,
                type,
                error);
    }

    @Override
    public String toString() {
        return "Receipt[success=" + success + ", cumulativeGasUsed=" + cumulativeGasUsed + ", gasUsed=" + gasUsed
                + ", fuelUsed=" + fuelUsed + ", logs=" + logs + ", returnData=" + Hex.encode(returnData)
                + ", contractAddress=" + contractAddress + ", effectiveGasPrice=" + effectiveGasPrice + ", type="
                + type + ", error=" + error + "]";
    }
}
