package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/** Headers and blocks: the documented encoding, a pinned hash, seeded round trips and strict decoding. */
class BlockTest {

    private static final long SEED = 4_844;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The header of the golden vector in vectors/chain/header-golden.properties. */
    static BlockHeader goldenHeader() {
        Log log = new Log(
                Address.fromHex("0x00000000000000000000000000000000000000c1"),
                List.of(Hash32.keccak256(ascii("Transfer(address,address,uint256)"))),
                new byte[0]);
        return new BlockHeader(
                Hash32.keccak256(ascii("parent")),
                42,
                1_700_000_000,
                Address.fromHex("0x00000000000000000000000000000000000000a0"),
                Hash32.sha256(ascii("state")),
                Hash32.sha256(ascii("transactions")),
                Hash32.sha256(ascii("receipts")),
                Bloom.of(List.of(log)),
                21_000,
                30_000_000,
                BigInteger.valueOf(1_000_000_000L),
                123_456,
                ascii("lockstep"));
    }

    @Test
    void theHeaderEncodesAsTheDocumentedListAndItsHashIsPinned() {
        BlockHeader header = goldenHeader();
        byte[] expected = RlpEncoder.encode(new RlpList(
                RlpString.create(header.parentHash().bytes()),
                RlpString.create(42),
                RlpString.create(1_700_000_000),
                RlpString.create(header.proposer().bytes()),
                RlpString.create(header.stateRoot().bytes()),
                RlpString.create(header.transactionsRoot().bytes()),
                RlpString.create(header.receiptsRoot().bytes()),
                RlpString.create(header.logsBloom().bytes()),
                RlpString.create(21_000),
                RlpString.create(30_000_000),
                RlpString.create(1_000_000_000),
                RlpString.create(123_456),
                RlpString.create(ascii("lockstep"))));
        assertArrayEquals(expected, header.encode());
        Properties golden = Fixtures.vector("header-golden.properties");
        assertEquals(golden.getProperty("encoding"), Numeric.toHexString(header.encode()));
        assertEquals(Hash32.fromHex(golden.getProperty("hash")), header.hash());
        assertEquals(Hash32.keccak256(header.encode()), header.hash());
        assertEquals(header, BlockHeader.decode(expected));
    }

    @Test
    void randomHeadersRoundTrip() {
        RandomChainValues values = new RandomChainValues(SEED);
        for (int round = 0; round < 300; round++) {
            BlockHeader header = values.header();
            byte[] encoded = header.encode();
            BlockHeader decoded = BlockHeader.decode(encoded);
            assertEquals(header, decoded, "seed " + SEED + " round " + round);
            assertEquals(header.hashCode(), decoded.hashCode(), "seed " + SEED + " round " + round);
            assertEquals(header.hash(), decoded.hash(), "seed " + SEED + " round " + round);
        }
    }

    private static byte[] headerWith(int index, RlpType value) {
        List<RlpType> fields = new ArrayList<>(((RlpList)
                        RlpDecoder.decode(goldenHeader().encode()).getValues().get(0))
                .getValues());
        if (value == null) {
            fields.remove(index);
        } else {
            fields.set(index, value);
        }
        return RlpEncoder.encode(new RlpList(fields));
    }

    @Test
    void headerDecodingIsStrict() {
        byte[] valid = goldenHeader().encode();
        assertHeaderRefused(Arrays.copyOf(valid, valid.length + 1), "trailing");
        assertHeaderRefused(Arrays.copyOf(valid, valid.length - 1), "truncated");
        assertHeaderRefused(headerWith(1, RlpString.create(new byte[] {0, 42})), "leading zero");
        assertHeaderRefused(headerWith(0, RlpString.create(new byte[31])), "parent hash must be 32 bytes");
        assertHeaderRefused(headerWith(3, RlpString.create(new byte[32])), "proposer must be 20 bytes");
        assertHeaderRefused(headerWith(7, RlpString.create(new byte[255])), "logs bloom must be 256 bytes");
        assertHeaderRefused(headerWith(12, RlpString.create(new byte[33])), "extra data is at most 32");
        assertHeaderRefused(headerWith(2, RlpString.create(BigInteger.TWO.pow(63))), "timestamp is over 2^63");
        assertHeaderRefused(headerWith(10, RlpString.create(BigInteger.TWO.pow(256))), "base fee per gas is over");
        assertHeaderRefused(headerWith(12, null), "12 fields, expected 13");
        assertHeaderRefused(headerWith(9, new RlpList()), "gas limit must be an RLP string");
    }

    private static void assertHeaderRefused(byte[] bytes, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockHeader.decode(bytes));
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
    }

    @Test
    void theHeaderChecksItsFields() {
        BlockHeader h = goldenHeader();
        assertThrows(
                IllegalArgumentException.class,
                () -> new BlockHeader(
                        h.parentHash(),
                        -1,
                        h.timestamp(),
                        h.proposer(),
                        h.stateRoot(),
                        h.transactionsRoot(),
                        h.receiptsRoot(),
                        h.logsBloom(),
                        h.gasUsed(),
                        h.gasLimit(),
                        h.baseFeePerGas(),
                        h.fuelUsed(),
                        h.extraData()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BlockHeader(
                        h.parentHash(),
                        1,
                        h.timestamp(),
                        h.proposer(),
                        h.stateRoot(),
                        h.transactionsRoot(),
                        h.receiptsRoot(),
                        h.logsBloom(),
                        h.gasUsed(),
                        h.gasLimit(),
                        BigInteger.valueOf(-1),
                        h.fuelUsed(),
                        h.extraData()));
        assertThrows(
                NullPointerException.class,
                () -> new BlockHeader(
                        null,
                        1,
                        h.timestamp(),
                        h.proposer(),
                        h.stateRoot(),
                        h.transactionsRoot(),
                        h.receiptsRoot(),
                        h.logsBloom(),
                        h.gasUsed(),
                        h.gasLimit(),
                        h.baseFeePerGas(),
                        h.fuelUsed(),
                        h.extraData()));
        h.extraData()[0] = 0;
        assertEquals('l', h.extraData()[0]);
    }

    @Test
    void blocksRoundTripWithTheirTransactions() {
        List<SignedTransaction> pool = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] raw = i % 2 == 0
                    ? Fixtures.legacy(i, Fixtures.RECIPIENT, BigInteger.valueOf(i), "0x" + "ab".repeat(i * 20))
                    : Fixtures.eip1559(i, i == 3 ? "" : Fixtures.RECIPIENT, BigInteger.ONE, "0x", List.of());
            pool.add(TransactionDecoder.decode(raw));
        }
        RandomChainValues values = new RandomChainValues(SEED);
        for (int round = 0; round < 40; round++) {
            List<SignedTransaction> txs = new ArrayList<>();
            int count = values.nextInt(pool.size() + 1);
            for (int i = 0; i < count; i++) {
                txs.add(pool.get(values.nextInt(pool.size())));
            }
            Block block = new Block(values.header(), txs);
            Block decoded = Block.decode(block.encode());
            assertEquals(block, decoded, "seed " + SEED + " round " + round);
            assertEquals(block.hash(), decoded.hash(), "seed " + SEED + " round " + round);
            assertEquals(block.header().hash(), block.hash());
            assertEquals(ListRoot.ofTransactions(txs), decoded.computeTransactionsRoot());
        }
        Block block = new Block(goldenHeader(), pool);
        List<RlpType> raws = new ArrayList<>();
        pool.forEach(tx -> raws.add(RlpString.create(tx.raw())));
        byte[] expected = RlpEncoder.encode(new RlpList(
                RlpDecoder.decode(goldenHeader().encode()).getValues().get(0), new RlpList(raws)));
        assertArrayEquals(expected, block.encode());
    }

    @Test
    void aBlockWithABadTransactionNamesIt() {
        byte[] good = Fixtures.transfer();
        byte[] bad = Arrays.copyOf(good, good.length);
        bad[0] = 0x01;
        byte[] encoded = RlpEncoder.encode(new RlpList(
                RlpDecoder.decode(goldenHeader().encode()).getValues().get(0),
                new RlpList(RlpString.create(good), RlpString.create(bad))));
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> Block.decode(encoded));
        assertEquals(TxRejection.UNSUPPORTED_TYPE, e.reason());
        assertTrue(
                e.getMessage().startsWith("UNSUPPORTED_TYPE: block transaction 1: transaction type 0x01"),
                e.getMessage());
        byte[] listInsteadOfBytes = RlpEncoder.encode(new RlpList(
                RlpDecoder.decode(goldenHeader().encode()).getValues().get(0), new RlpList(new RlpList())));
        assertThrows(IllegalArgumentException.class, () -> Block.decode(listInsteadOfBytes));
        assertNotEquals(
                new Block(goldenHeader(), List.of()).hash(),
                new Block(BlockHeader.decode(headerWith(1, RlpString.create(43))), List.of()).hash());
    }
}
