package io.lockstep.nn.internal.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.NnCostTable;
import org.junit.jupiter.api.Test;

class WorkTest {

    @Test
    void milliFuelIsTheBasePlusCountsTimesPrices() {
        NnCostTable table = new NnCostTable(2, 0, 7, 0, 1, 2, 3, 4, 5, 6, 8);
        Work work = new Work(1, 10, 100, 1_000, 10_000, 100_000, 1_000_000);
        assertEquals(7 + 1 + 20 + 300 + 4_000 + 50_000 + 600_000 + 8_000_000, work.milliFuel(table));
    }

    @Test
    void wholeFuelRoundsUp() {
        assertEquals(0, Work.fuel(0));
        assertEquals(1, Work.fuel(1));
        assertEquals(1, Work.fuel(1_000));
        assertEquals(2, Work.fuel(1_001));
    }

    @Test
    void hugeCountsSaturateInsteadOfWrapping() {
        Work work = Work.macs(Long.MAX_VALUE / 2).plus(Work.macs(Long.MAX_VALUE / 2 + 10));
        assertEquals(Long.MAX_VALUE, work.macs());
        long milli = Work.macs(Long.MAX_VALUE / 100).milliFuel(NnCostTable.V2);
        assertEquals(Long.MAX_VALUE, milli);
        assertEquals(Long.MAX_VALUE, Work.fuel(milli));
    }
}
