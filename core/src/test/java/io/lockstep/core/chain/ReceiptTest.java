package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/** Receipts: the documented encoding, seeded round trips, strict decoding and the constructor's rules. */
class ReceiptTest {

    private static final long SEED = 1559;
    private static final Address CONTRACT = Address.fromHex("0x00000000000000000000000000000000000000c1");
    private static final Hash32 TOPIC = Hash32.keccak256("Counted(uint256)".getBytes(StandardCharsets.US_ASCII));

    private static Receipt sample() {
        return new Receipt(
                true,
                63_000,
                21_000,
                4_242,
                List.of(new Log(CONTRACT, List.of(TOPIC), new byte[] {7})),
                new byte[] {0x2A},
                Optional.empty(),
                BigInteger.valueOf(1_000_000_007L),
                TxType.EIP1559,
                Optional.empty());
    }

    @Test
    void theEncodingIsTheDocumentedRlpList() {
        RlpList log = new RlpList(
                RlpString.create(CONTRACT.bytes()),
                new RlpList(RlpString.create(TOPIC.bytes())),
                RlpString.create(new byte[] {7}));
        byte[] expected = RlpEncoder.encode(new RlpList(
                RlpString.create(2),
                RlpString.create(1),
                RlpString.create(63_000),
                RlpString.create(21_000),
                RlpString.create(4_242),
                RlpString.create(BigInteger.valueOf(1_000_000_007L)),
                RlpString.create(new byte[0]),
                new RlpList(log),
                RlpString.create(new byte[] {0x2A}),
                RlpString.create(new byte[0])));
        assertArrayEquals(expected, sample().encode());
        assertEquals(sample(), Receipt.decode(expected));
        assertEquals(Bloom.of(sample().logs()), sample().logsBloom());
    }

    @Test
    void randomReceiptsRoundTrip() {
        RandomChainValues values = new RandomChainValues(SEED);
        for (int round = 0; round < 400; round++) {
            Receipt receipt = values.receipt();
            byte[] encoded = receipt.encode();
            Receipt decoded = Receipt.decode(encoded);
            assertEquals(receipt, decoded, "seed " + SEED + " round " + round);
            assertEquals(receipt.hashCode(), decoded.hashCode(), "seed " + SEED + " round " + round);
            assertArrayEquals(encoded, decoded.encode(), "seed " + SEED + " round " + round);
        }
    }

    private static byte[] withField(int index, RlpType value) {
        RlpList fields =
                (RlpList) RlpDecoder.decode(sample().encode()).getValues().get(0);
        List<RlpType> changed = new ArrayList<>(fields.getValues());
        changed.set(index, value);
        return RlpEncoder.encode(new RlpList(changed));
    }

    @Test
    void decodingIsStrict() {
        byte[] valid = sample().encode();
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        assertThrows(IllegalArgumentException.class, () -> Receipt.decode(trailing));
        assertMessage(withField(0, RlpString.create(1)), "unknown receipt type 1");
        assertMessage(withField(1, RlpString.create(2)), "status is 0 or 1");
        assertMessage(withField(2, RlpString.create(new byte[] {0, 1})), "leading zero");
        assertMessage(withField(6, RlpString.create(new byte[19])), "contract address must be 20 bytes");
        assertMessage(withField(9, RlpString.create("reverted")), "successful receipt has no error");
        assertMessage(
                withField(
                        7,
                        new RlpList(new RlpList(
                                RlpString.create(new byte[20]),
                                new RlpList(
                                        RlpString.create(new byte[32]),
                                        RlpString.create(new byte[32]),
                                        RlpString.create(new byte[32]),
                                        RlpString.create(new byte[32]),
                                        RlpString.create(new byte[32])),
                                RlpString.create(new byte[0])))),
                "at most 4 topics");
        byte[] failed = new Receipt(
                        false,
                        1,
                        1,
                        0,
                        List.of(),
                        new byte[0],
                        Optional.empty(),
                        BigInteger.ONE,
                        TxType.LEGACY,
                        Optional.of("reverted"))
                .encode();
        assertEquals(Optional.of("reverted"), Receipt.decode(failed).error());
        RlpList fields = (RlpList) RlpDecoder.decode(failed).getValues().get(0);
        List<RlpType> badUtf8 = new ArrayList<>(fields.getValues());
        badUtf8.set(9, RlpString.create(new byte[] {(byte) 0xC3, 0x28}));
        assertMessage(RlpEncoder.encode(new RlpList(badUtf8)), "not valid UTF-8");
        List<RlpType> short9 = new ArrayList<>(fields.getValues().subList(0, 9));
        assertMessage(RlpEncoder.encode(new RlpList(short9)), "9 fields, expected 10");
    }

    private static void assertMessage(byte[] bytes, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Receipt.decode(bytes));
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
    }

    private static Receipt receipt(
            boolean success, long cumulative, long gas, long fuel, List<Log> logs, BigInteger price, String error) {
        return new Receipt(
                success,
                cumulative,
                gas,
                fuel,
                logs,
                new byte[0],
                Optional.empty(),
                price,
                TxType.LEGACY,
                Optional.ofNullable(error));
    }

    @Test
    void theConstructorKeepsReceiptsConsistent() {
        List<Log> oneLog = List.of(new Log(CONTRACT, List.of(), new byte[0]));
        BigInteger one = BigInteger.ONE;
        List<Runnable> invalid = List.of(
                () -> receipt(false, 1, 1, 0, List.of(), one, null), // a failure says why
                () -> receipt(false, 1, 1, 0, List.of(), one, ""),
                () -> receipt(true, 1, 1, 0, List.of(), one, "reverted"), // a success does not
                () -> receipt(false, 1, 1, 0, oneLog, one, "reverted"), // a failure's logs are rolled back
                () -> receipt(true, 1, 2, 0, List.of(), one, null), // more gas than the block so far
                () -> receipt(true, 1, 1, -1, List.of(), one, null),
                () -> receipt(true, 1, 1, 0, List.of(), BigInteger.TWO.pow(256), null),
                () -> receipt(true, 1, 1, 0, List.of(), one.negate(), null),
                () -> receipt(false, 1, 1, 0, List.of(), one, "broken \uD800 surrogate"));
        for (int i = 0; i < invalid.size(); i++) {
            assertThrows(IllegalArgumentException.class, invalid.get(i)::run, "case " + i);
        }
        assertThrows(NullPointerException.class, () -> receipt(true, 1, 1, 0, null, one, null));
        assertEquals(
                Optional.of("trapped: unreachable"),
                receipt(false, 5, 1, 0, List.of(), one, "trapped: unreachable").error());

        byte[] data = {1};
        Receipt receipt = new Receipt(
                true, 1, 1, 0, List.of(), data, Optional.empty(), BigInteger.ONE, TxType.LEGACY, Optional.empty());
        data[0] = 2;
        receipt.returnData()[0] = 3;
        assertArrayEquals(new byte[] {1}, receipt.returnData());
    }
}
