package io.lockstep.vm.internal;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Linear memory as one flat {@code byte[]}, for memories of at most {@link #MAX_PAGES} pages.
 *
 * <p>Chicory's own {@code ByteArrayMemory} keeps 64 KiB pages in an array of arrays, so that it can
 * hold 4 GiB; every access then splits the address, checks for a page crossing and loads the page
 * before it loads the value. With one array an access is a bounds test and a {@link VarHandle} read,
 * which the JIT compiles to a single instruction; memory-bound contracts run several times faster
 * (docs/benchmarks.md). Contracts never have more than the chain's page limit (512), far below the
 * 2 GiB a Java array can hold.
 *
 * <p>Growing keeps a capacity that at least doubles, so growing page by page copies at most twice the
 * final size in total; accesses are checked against the current size, not the capacity. Every
 * out-of-bounds access throws what Chicory's memory throws for it (a {@link WasmRuntimeException}, or
 * an {@link UninstantiableException} for an active data segment at instantiation), with the words the
 * {@link TrapClassifier} looks for. Atomics and waiting are not implemented: shared memory is refused
 * at deploy.
 */
public final class FlatMemory implements Memory {

    /** The largest memory this class holds: 2 GiB minus one page fits a Java array. */
    static final int MAX_PAGES = 32_767;

    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final MemoryLimits limits;
    private byte[] bytes;
    private int pages;
    /** Current size in bytes; {@code bytes.length} may be larger. */
    private int size;

    private DataSegment[] dataSegments;

    FlatMemory(MemoryLimits limits) {
        if (limits.maximumPages() > MAX_PAGES || limits.shared()) {
            throw new IllegalArgumentException("a flat memory holds at most " + MAX_PAGES + " unshared pages");
        }
        this.limits = limits;
        this.pages = limits.initialPages();
        this.size = pages * PAGE_SIZE;
        this.bytes = new byte[size];
    }

    /** Chicory's memory factory: flat memory where it fits, Chicory's paged memory otherwise. */
    public static Function<MemoryLimits, Memory> factory() {
        return limits -> limits.maximumPages() <= MAX_PAGES && !limits.shared()
                ? new FlatMemory(limits)
                : new com.dylibso.chicory.runtime.ByteArrayMemory(limits);
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int delta) {
        int old = pages;
        long wanted = (long) old + Integer.toUnsignedLong(delta);
        if (wanted > limits.maximumPages()) {
            return -1;
        }
        int newSize = (int) (wanted * PAGE_SIZE);
        if (newSize > bytes.length) {
            long doubled = Math.max((long) newSize, 2L * bytes.length);
            long capacity = Math.min(doubled, (long) limits.maximumPages() * PAGE_SIZE);
            bytes = Arrays.copyOf(bytes, (int) capacity);
        }
        pages = (int) wanted;
        size = newSize;
        return old;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return limits.maximumPages();
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        throw new UnsupportedOperationException("shared memory is not admitted");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new UnsupportedOperationException("shared memory is not admitted");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new UnsupportedOperationException("shared memory is not admitted");
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int count) {
        throw new UnsupportedOperationException("shared memory is not admitted");
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        this.dataSegments = segments;
        if (segments == null) {
            return;
        }
        for (DataSegment segment : segments) {
            if (segment instanceof ActiveDataSegment active && active.index() == 0) {
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                byte[] data = active.data();
                if (outside(offset, data.length, size)) {
                    throw new UninstantiableException(message(offset, data.length));
                }
                System.arraycopy(data, 0, bytes, offset, data.length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segment, int destination, int offset, int length) {
        write(destination, dataSegments[segment].data(), offset, length);
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        if (outside(offset, length, data.length) || outside(address, length, size)) {
            throw new WasmRuntimeException(message(address, length));
        }
        System.arraycopy(data, offset, bytes, address, length);
    }

    @Override
    public void copy(int destination, int source, int length) {
        if (outside(source, length, size) || outside(destination, length, size)) {
            throw new WasmRuntimeException(message(Math.max(source, destination), length));
        }
        System.arraycopy(bytes, source, bytes, destination, length);
    }

    @Override
    public void fill(byte value, int from, int to) {
        int length = to - from;
        if (outside(from, length, size)) {
            throw new WasmRuntimeException(message(from, length));
        }
        Arrays.fill(bytes, from, from + length, value);
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, 0, size, (byte) 0);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public byte read(int address) {
        check(address, 1);
        return bytes[address];
    }

    @Override
    public byte[] readBytes(int address, int length) {
        if (outside(address, length, size)) {
            throw new WasmRuntimeException(message(address, length));
        }
        return Arrays.copyOfRange(bytes, address, address + length);
    }

    @Override
    public void writeByte(int address, byte value) {
        check(address, 1);
        bytes[address] = value;
    }

    @Override
    public short readShort(int address) {
        check(address, 2);
        return (short) SHORTS.get(bytes, address);
    }

    @Override
    public long readU16(int address) {
        return Short.toUnsignedLong(readShort(address));
    }

    @Override
    public void writeShort(int address, short value) {
        check(address, 2);
        SHORTS.set(bytes, address, value);
    }

    @Override
    public int readInt(int address) {
        check(address, 4);
        return (int) INTS.get(bytes, address);
    }

    @Override
    public void writeI32(int address, int value) {
        check(address, 4);
        INTS.set(bytes, address, value);
    }

    @Override
    public long readLong(int address) {
        check(address, 8);
        return (long) LONGS.get(bytes, address);
    }

    @Override
    public void writeLong(int address, long value) {
        check(address, 8);
        LONGS.set(bytes, address, value);
    }

    @Override
    public float readFloat(int address) {
        check(address, 4);
        return (float) FLOATS.get(bytes, address);
    }

    @Override
    public long readF32(int address) {
        return readInt(address); // sign-extended, as Chicory's own memory does
    }

    @Override
    public void writeF32(int address, float value) {
        check(address, 4);
        FLOATS.set(bytes, address, value);
    }

    @Override
    public double readDouble(int address) {
        check(address, 8);
        return (double) DOUBLES.get(bytes, address);
    }

    @Override
    public long readF64(int address) {
        return readLong(address);
    }

    @Override
    public void writeF64(int address, double value) {
        check(address, 8);
        DOUBLES.set(bytes, address, value);
    }

    /** A negative address is one of 2^31 or more, out of bounds for any flat memory. */
    private void check(int address, int width) {
        if (address < 0 || address > size - width) {
            throw new WasmRuntimeException(message(address, width));
        }
    }

    private static boolean outside(int start, int length, int limit) {
        return start < 0 || length < 0 || (long) start + length > limit;
    }

    private String message(int address, int length) {
        return "out of bounds memory access: attempted to access address: " + Integer.toUnsignedString(address)
                + " length: " + length + " but size is: " + size;
    }
}
