package io.lockstep.vm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The flat memory must behave exactly like Chicory's own paged memory: same values, same growth, and an
 * out-of-bounds trap in exactly the same cases (the spec suite checks the common cases; this checks the
 * edges, including accesses between the current size and the flat array's larger capacity).
 */
class FlatMemoryTest {

    private static final long SEED = Long.getLong("lockstep.seed", 20261124L);

    @Test
    void aGrownMemoryTrapsPastItsSizeEvenWhereTheArrayIsLarger() {
        FlatMemory memory = new FlatMemory(new MemoryLimits(1, 8));
        assertEquals(1, memory.grow(1)); // 2 pages, capacity now 2 pages
        assertEquals(2, memory.grow(1)); // 3 pages, capacity doubled to 4
        int end = 3 * Memory.PAGE_SIZE;
        memory.writeI32(end - 4, 0x12345678);
        assertEquals(0x12345678, memory.readInt(end - 4));
        assertThrows(WasmRuntimeException.class, () -> memory.readInt(end - 3));
        assertThrows(WasmRuntimeException.class, () -> memory.writeByte(end, (byte) 1));
        assertThrows(WasmRuntimeException.class, () -> memory.fill((byte) 1, end - 1, end + 1));
        assertEquals(-1, memory.grow(6));
        assertEquals(3, memory.grow(5));
        assertEquals(8, memory.pages());
        assertEquals(0, memory.readLong(end), "grown pages start zeroed");
    }

    @Test
    void theFactoryFallsBackToPagedMemoryBeyondWhatAnArrayHolds() {
        Function<MemoryLimits, Memory> factory = FlatMemory.factory();
        assertInstanceOf(FlatMemory.class, factory.apply(new MemoryLimits(1, 512)));
        assertInstanceOf(ByteArrayMemory.class, factory.apply(new MemoryLimits(1, 65_536)));
    }

    /** Random operations on both memories, seeded: every result and every trap must agree. */
    @Test
    void randomOperationsAgreeWithChicorysMemory() {
        Random random = new Random(SEED);
        for (int run = 0; run < 200; run++) {
            int initial = random.nextInt(3);
            int maximum = initial + random.nextInt(4);
            Memory flat = new FlatMemory(new MemoryLimits(initial, maximum));
            Memory paged = new ByteArrayMemory(new MemoryLimits(initial, maximum));
            for (int step = 0; step < 300; step++) {
                String what = "seed " + SEED + " run " + run + " step " + step;
                int size = flat.pages() * Memory.PAGE_SIZE;
                int address = random.nextInt(8) == 0
                        ? random.nextInt()
                        : Math.max(
                                0,
                                size - 16 + random.nextInt(32) - (random.nextBoolean() ? random.nextInt(size + 1) : 0));
                int length = random.nextInt(8) == 0 ? random.nextInt() : random.nextInt(40);
                switch (random.nextInt(9)) {
                    case 0 -> {
                        int delta = random.nextInt(3);
                        assertSame(what, () -> flat.grow(delta), () -> paged.grow(delta));
                    }
                    case 1 -> {
                        long value = random.nextLong();
                        assertSame(
                                what,
                                () -> {
                                    flat.writeLong(address, value);
                                    return 0;
                                },
                                () -> {
                                    paged.writeLong(address, value);
                                    return 0;
                                });
                    }
                    case 2 -> assertSame(what, () -> flat.readLong(address), () -> paged.readLong(address));
                    case 3 -> assertSame(what, () -> flat.readInt(address), () -> paged.readInt(address));
                    case 4 -> assertSame(what, () -> flat.readU16(address), () -> paged.readU16(address));
                    case 5 -> {
                        byte value = (byte) random.nextInt();
                        assertSame(
                                what,
                                () -> {
                                    flat.fill(value, address, address + length);
                                    return 0;
                                },
                                () -> {
                                    paged.fill(value, address, address + length);
                                    return 0;
                                });
                    }
                    case 6 -> {
                        int source = random.nextInt(size + 8);
                        assertSame(
                                what,
                                () -> {
                                    flat.copy(address, source, length);
                                    return 0;
                                },
                                () -> {
                                    paged.copy(address, source, length);
                                    return 0;
                                });
                    }
                    case 7 -> assertSame(
                            what,
                            () -> Arrays.hashCode(flat.readBytes(address, length)),
                            () -> Arrays.hashCode(paged.readBytes(address, length)));
                    default -> {
                        byte value = (byte) random.nextInt();
                        assertSame(
                                what,
                                () -> {
                                    flat.writeByte(address, value);
                                    return 0;
                                },
                                () -> {
                                    paged.writeByte(address, value);
                                    return 0;
                                });
                    }
                }
                assertEquals(paged.pages(), flat.pages(), what);
            }
            int size = paged.pages() * Memory.PAGE_SIZE;
            assertArrayEquals(paged.readBytes(0, size), flat.readBytes(0, size), "seed " + SEED + " run " + run);
        }
    }

    private interface Op {
        long run();
    }

    private static void assertSame(String what, Op flatOp, Op pagedOp) {
        String flatResult;
        String pagedResult;
        try {
            flatResult = "value " + flatOp.run();
        } catch (WasmRuntimeException e) {
            flatResult = "trap";
        }
        try {
            pagedResult = "value " + pagedOp.run();
        } catch (WasmRuntimeException e) {
            pagedResult = "trap";
        } catch (RuntimeException e) {
            // Chicory's memory lets some overflowing ranges through to the JDK's own checks
            pagedResult = "trap";
        }
        assertEquals(pagedResult, flatResult, what);
    }
}
