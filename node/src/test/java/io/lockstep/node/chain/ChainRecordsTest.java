package io.lockstep.node.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.SignedTransaction;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recently committed blocks are read back without decoding them again, and read the same as from the store. */
class ChainRecordsTest {

    private static final Address SINK = Address.fromHex("0x000000000000000000000000000000000000dead");

    @TempDir
    Path dir;

    private TestChain chain;

    @BeforeEach
    void open() {
        chain = TestChain.open(dir);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    @Test
    void recentBlocksAreTheCommittedOnesAndMatchTheStore() {
        for (int i = 0; i < 3; i++) {
            chain.execute(
                    chain.sign(TestChain.ACCOUNTS.get(i), Optional.of(SINK), BigInteger.ONE, new byte[0], 21_000));
        }
        ChainRecords records = chain.chain.records();
        ChainRecords fromStore = new ChainRecords(chain.store);
        for (long h = 1; h <= 3; h++) {
            Block kept = records.block(h).orElseThrow();
            assertSame(kept, records.block(h).orElseThrow(), "height " + h + " decoded again");
            Block decoded = fromStore.block(h).orElseThrow();
            assertNotSame(kept, decoded);
            assertEquals(decoded.hash(), kept.hash());
            assertArrayEquals(decoded.encode(), kept.encode());
            assertEquals(senders(decoded.transactions()), senders(kept.transactions()));
        }
        assertTrue(records.block(4).isEmpty());
        assertEquals(chain.chain.head(), records.block(3).orElseThrow().header());
    }

    @Test
    void olderBlocksAreDecodedFromTheStore() {
        chain.execute(chain.sign(TestChain.ACCOUNTS.get(0), Optional.of(SINK), BigInteger.ONE, new byte[0], 21_000));
        for (int i = 0; i < ChainRecords.RECENT_BLOCKS; i++) {
            chain.mine();
        }
        ChainRecords records = chain.chain.records();
        long head = chain.chain.committedHeight();
        assertEquals(ChainRecords.RECENT_BLOCKS + 1, head);
        Block first = records.block(1).orElseThrow();
        assertNotSame(first, records.block(1).orElseThrow(), "block 1 should have left the recent blocks");
        assertEquals(1, first.transactions().size());
        assertSame(records.block(2).orElseThrow(), records.block(2).orElseThrow());
        assertSame(records.block(head).orElseThrow(), records.block(head).orElseThrow());
        assertEquals(0, records.block(0).orElseThrow().header().height());
    }

    private static List<Address> senders(List<SignedTransaction> transactions) {
        return transactions.stream().map(SignedTransaction::from).toList();
    }
}
