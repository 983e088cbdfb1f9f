package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.operator.Broadcast;
import io.lockstep.nn.internal.operator.KernelIo;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.Scratch;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.Work;
import java.util.Arrays;

/**
 * The integer part of MatMulInteger and QLinearMatMul: numpy MatMul shapes (1-D operands promoted,
 * batch dimensions broadcast) over int8/uint8 operands minus their zero points (a scalar, one per row
 * of A, one per column of B), accumulated exactly in int32 by {@link Int8Gemm}. One unit is one output
 * row, or, when there are fewer than {@link #FEW_ROWS} rows in all (a batch-1 layer), one block of
 * {@link #COLUMN_BLOCK} columns of a row, so that threads can share small products too; a thread that
 * gets whole blocks (all their rows) computes them in one call. A constant
 * B with a constant (or absent) zero point is packed once here; otherwise each kernel call packs the B
 * batches it needs into its thread's buffer. Where {@link NativeInt8Gemm} runs, B is packed in its
 * layout and the rows go through it; else through {@link Int8Gemm}: the same integers either way.
 */
final class QuantizedMatMul {
    /** Columns per unit when a product has too few rows to share among threads. */
    static final int COLUMN_BLOCK = 128;

    /** Products with fewer rows than this are split into column blocks as well as rows. */
    static final int FEW_ROWS = 16;

    /** Rows accumulated per kernel call at most. */
    static final int ROWS_PER_CALL = 64;

    /** Results accumulated per kernel call at most (unless one row is wider): bounds the int buffer. */
    static final int RESULTS_PER_CALL = 1 << 18;

    /** {@link Scratch#floatRows} slots: rows of A', and B' packed at run time ({@link Int8Gemm} uses 0). */
    private static final int A_ROWS_SLOT = 1;

    private static final int B_ROWS_SLOT = 2;

    /** {@link Scratch#ints} slots: results, B's zero points, and the native kernel's row and column terms. */
    private static final int ACC_SLOT = 0;

    private static final int B_ZEROS_SLOT = 1;

    private static final int ROW_TERMS_SLOT = 2;

    private static final int COLUMN_TERMS_SLOT = 3;

    /** The {@link Scratch#bytes} slot of the native kernel: B packed at run time. */
    private static final int B_BYTES_SLOT = 0;

    /**
     * Multiply-accumulates per native call at most (unless one strip of 16 columns is more): about 20 µs
     * of work, next to about 0.2 µs per call.
     */
    static final long NATIVE_MACS_PER_CALL = 1 << 22;

    /** B packed once for the native kernel, with its column terms. */
    private record NativeB(byte[] packed, int[] columnTerms) {}

    /**
     * Receives accumulated rows: {@code acc[r * (to - from) + (j - from)]} is row {@code firstRow + r},
     * column {@code j}, for {@code from <= j < to}.
     */
    @FunctionalInterface
    interface RowSink {
        void accept(KernelIo io, int firstRow, int rows, int from, int to, int[] acc);
    }

    private final int m;
    private final int k;
    private final int n;
    private final Shape out;
    private final int rowCount;
    private final int columnBlocks;
    private final int blockWidth;
    private final int units;
    private final int[] aBatch;
    private final int[] bBatch;
    private final int bBatches;
    private final int aInput;
    private final int bInput;
    private final int aZeroInput;
    private final int bZeroInput;
    private final boolean aUnsigned;
    private final boolean bUnsigned;
    private final boolean aZeroPerRow;
    private final boolean bZeroPerColumn;
    private final boolean nativeKernel;
    private final float[][][] packedB;
    private final NativeB[] nativeB;

    private QuantizedMatMul(NodeContext node, int aInput, int aZeroInput, int bInput, int bZeroInput) {
        this.aInput = aInput;
        this.bInput = bInput;
        this.aZeroInput = node.hasInput(aZeroInput) ? aZeroInput : -1;
        this.bZeroInput = node.hasInput(bZeroInput) ? bZeroInput : -1;
        aUnsigned = node.requireDType(aInput, DType.INT8, DType.UINT8) == DType.UINT8;
        bUnsigned = node.requireDType(bInput, DType.INT8, DType.UINT8) == DType.UINT8;
        Shape a = node.shape(aInput);
        Shape b = node.shape(bInput);
        if (a.rank() == 0 || b.rank() == 0) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "operands must have rank 1 or more");
        }
        int[] ad = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.dims();
        int[] bd = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.dims();
        m = ad[ad.length - 2];
        k = ad[ad.length - 1];
        n = bd[bd.length - 1];
        if (bd[bd.length - 2] != k) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "inner dimensions differ: " + a + " x " + b);
        }
        if (k > Int8Gemm.MAX_DEPTH) {
            throw node.fail(
                    NnErrorCode.LIMIT_EXCEEDED,
                    "inner dimension " + k + " exceeds " + Int8Gemm.MAX_DEPTH
                            + ", the deepest product whose int32 sums of 8-bit products cannot overflow");
        }
        Shape aBatches = Shape.of(Arrays.copyOf(ad, ad.length - 2));
        Shape bBatchShape = Shape.of(Arrays.copyOf(bd, bd.length - 2));
        Shape batch = Broadcast.shape(node, aBatches, bBatchShape);
        int[] dims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        dims[batch.rank()] = m;
        dims[batch.rank() + 1] = n;
        if (a.rank() == 1) {
            dims = remove(dims, dims.length - 2);
        }
        if (b.rank() == 1) {
            dims = remove(dims, dims.length - 1);
        }
        out = Shape.of(dims);
        aBatch = Broadcast.indexMap(batch, aBatches);
        bBatch = Broadcast.indexMap(batch, bBatchShape);
        bBatches = bBatchShape.size();
        rowCount = Math.multiplyExact(batch.size(), m);
        columnBlocks = rowCount < FEW_ROWS && n > COLUMN_BLOCK ? (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK : 1;
        blockWidth = columnBlocks == 1 ? n : COLUMN_BLOCK;
        units = Math.multiplyExact(rowCount, columnBlocks);
        if (this.aZeroInput >= 0) {
            node.requireSameDType(aInput, aZeroInput);
        }
        if (this.bZeroInput >= 0) {
            node.requireSameDType(bInput, bZeroInput);
        }
        aZeroPerRow = this.aZeroInput >= 0 && QuantParameters.perIndex(node, aZeroInput, m, "row of A");
        bZeroPerColumn = this.bZeroInput >= 0 && QuantParameters.perIndex(node, bZeroInput, n, "column of B");
        nativeKernel = NativeInt8Gemm.AVAILABLE && NativeInt8Gemm.fits(k, n);
        boolean constant =
                node.constant(bInput) != null && (this.bZeroInput < 0 || node.constant(this.bZeroInput) != null);
        packedB = constant && !nativeKernel ? packConstant(node) : null;
        nativeB = constant && nativeKernel ? packConstantNative(node) : null;
    }

    static QuantizedMatMul plan(NodeContext node, int aInput, int aZeroInput, int bInput, int bZeroInput) {
        return new QuantizedMatMul(node, aInput, aZeroInput, bInput, bZeroInput);
    }

    Shape outputShape() {
        return out;
    }

    /** Units of work: output rows, or blocks of columns of them. */
    int units() {
        return units;
    }

    /** Output elements. */
    long outputs() {
        return (long) rowCount * n;
    }

    /** Rows of each matrix product (rows of A). */
    int rows() {
        return m;
    }

    int columns() {
        return n;
    }

    /** The integer work: multiply-accumulates, and B packed at run time when it is not constant. */
    Work work() {
        Work work = Work.integerMacs((long) rowCount * k * n);
        return packedB == null && nativeB == null ? work.plus(Work.moved((long) bBatches * k * n)) : work;
    }

    private float[][][] packConstant(NodeContext node) {
        Tensor b = node.constant(bInput);
        byte[] values = (byte[]) TensorBridge.data(b);
        byte[] zeros = bZeroInput >= 0 ? (byte[]) TensorBridge.data(node.constant(bZeroInput)) : null;
        int[] zeroPoints = new int[n];
        fillColumnZeros(zeros, zeroPoints);
        float[][][] packed = new float[bBatches][][];
        for (int batch = 0; batch < bBatches; batch++) {
            packed[batch] = Int8Gemm.packNew(values, batch * k * n, n, 1, bUnsigned, k, n, zeroPoints);
        }
        return packed;
    }

    private NativeB[] packConstantNative(NodeContext node) {
        byte[] values = (byte[]) TensorBridge.data(node.constant(bInput));
        byte[] zeros = bZeroInput >= 0 ? (byte[]) TensorBridge.data(node.constant(bZeroInput)) : null;
        int[] zeroPoints = new int[n];
        fillColumnZeros(zeros, zeroPoints);
        NativeB[] packed = new NativeB[bBatches];
        for (int batch = 0; batch < bBatches; batch++) {
            byte[] bytes = new byte[NativeInt8Gemm.packedLength(k, n)];
            int[] terms = new int[NativeInt8Gemm.columnTermsLength(n)];
            NativeInt8Gemm.packB(values, batch * k * n, bUnsigned, aUnsigned, k, n, zeroPoints, bytes, terms);
            packed[batch] = new NativeB(bytes, terms);
        }
        return packed;
    }

    private void fillColumnZeros(byte[] zeros, int[] target) {
        for (int j = 0; j < n; j++) {
            target[j] = zeros == null ? 0 : Quantization.load(zeros, bZeroPerColumn ? j : 0, bUnsigned);
        }
    }

    /** Accumulates units {@code [from, to)} in groups of rows and hands each group to {@code sink}. */
    void compute(KernelIo io, int from, int to, Scratch scratch, RowSink sink) {
        if (nativeKernel) {
            computeNative(io, from, to, scratch, sink);
            return;
        }
        int rowsPerCall = rowsPerCall();
        float[][] rows = scratch.floatRows(A_ROWS_SLOT, rowsPerCall, k);
        int[] acc = scratch.ints(ACC_SLOT, rowsPerCall * n);
        byte[] a = io.byteIn(aInput);
        byte[] aZeros = aZeroInput >= 0 ? io.byteIn(aZeroInput) : null;
        float[][] runtimePacked = null;
        int packedBatch = -1;
        int unit = from;
        while (unit < to) {
            Call call = call(unit, to, rowsPerCall);
            int batch = call.batch();
            int i = call.row();
            int count = call.rows();
            int first = call.first();
            int last = call.last();
            float[][] packed;
            if (packedB != null) {
                packed = packedB[bBatch[batch]];
            } else {
                if (bBatch[batch] != packedBatch) {
                    packedBatch = bBatch[batch];
                    runtimePacked = scratch.floatRows(B_ROWS_SLOT, Int8Gemm.packedRows(k, n), Int8Gemm.panelWidth(n));
                    int[] zeroPoints = scratch.ints(B_ZEROS_SLOT, n);
                    fillColumnZeros(bZeroInput >= 0 ? io.byteIn(bZeroInput) : null, zeroPoints);
                    Int8Gemm.pack(
                            io.byteIn(bInput), packedBatch * k * n, n, 1, bUnsigned, k, n, zeroPoints, runtimePacked);
                }
                packed = runtimePacked;
            }
            int aOff = aBatch[batch] * m * k;
            for (int r = 0; r < count; r++) {
                int zero = aZeros == null ? 0 : Quantization.load(aZeros, aZeroPerRow ? i + r : 0, aUnsigned);
                Int8Gemm.loadRow(a, aOff + (i + r) * k, aUnsigned, k, zero, rows[r]);
            }
            Int8Gemm.multiply(rows, count, k, packed, n, first, last, acc, 0, last - first, scratch);
            sink.accept(io, batch * m + i, count, first, last, acc);
            unit += count * call.blocks();
        }
    }

    /** {@link #compute} through {@link NativeInt8Gemm}: the same calls over the same units, B in its layout. */
    private void computeNative(KernelIo io, int from, int to, Scratch scratch, RowSink sink) {
        int rowsPerCall = rowsPerCall();
        int[] rowTerms = scratch.ints(ROW_TERMS_SLOT, 2 * rowsPerCall);
        int[] acc = scratch.ints(ACC_SLOT, rowsPerCall * n);
        byte[] a = io.byteIn(aInput);
        byte[] aZeros = aZeroInput >= 0 ? io.byteIn(aZeroInput) : null;
        byte[] runtimeB = null;
        int[] runtimeTerms = null;
        int packedBatch = -1;
        int unit = from;
        while (unit < to) {
            Call call = call(unit, to, rowsPerCall);
            int batch = call.batch();
            int i = call.row();
            int count = call.rows();
            int first = call.first();
            int last = call.last();
            byte[] packed;
            int[] terms;
            if (nativeB != null) {
                packed = nativeB[bBatch[batch]].packed();
                terms = nativeB[bBatch[batch]].columnTerms();
            } else {
                if (bBatch[batch] != packedBatch) {
                    packedBatch = bBatch[batch];
                    runtimeB = scratch.bytes(B_BYTES_SLOT, NativeInt8Gemm.packedLength(k, n));
                    runtimeTerms = scratch.ints(COLUMN_TERMS_SLOT, NativeInt8Gemm.columnTermsLength(n));
                    int[] zeroPoints = scratch.ints(B_ZEROS_SLOT, n);
                    fillColumnZeros(bZeroInput >= 0 ? io.byteIn(bZeroInput) : null, zeroPoints);
                    NativeInt8Gemm.packB(
                            io.byteIn(bInput),
                            packedBatch * k * n,
                            bUnsigned,
                            aUnsigned,
                            k,
                            n,
                            zeroPoints,
                            runtimeB,
                            runtimeTerms);
                }
                packed = runtimeB;
                terms = runtimeTerms;
            }
            for (int r = 0; r < count; r++) {
                rowTerms[2 * r] = aZeros == null ? 0 : Quantization.load(aZeros, aZeroPerRow ? i + r : 0, aUnsigned);
            }
            // A is read in place: the rows of a batch are consecutive in the input. Column chunks bound
            // how long one call keeps the arrays pinned, and so how long a garbage collection may wait.
            int width = last - first;
            long perColumn = (long) count * Math.max(1, k);
            int chunk = (int) Math.min(width, Math.max(1, NATIVE_MACS_PER_CALL / perColumn / 16) * 16);
            for (int c0 = first; c0 < last; c0 += chunk) {
                NativeInt8Gemm.multiply(
                        a,
                        (aBatch[batch] * m + i) * k,
                        k,
                        count,
                        k,
                        aUnsigned,
                        rowTerms,
                        packed,
                        n,
                        terms,
                        c0,
                        Math.min(last, c0 + chunk),
                        acc,
                        c0 - first,
                        width);
            }
            sink.accept(io, batch * m + i, count, first, last, acc);
            unit += count * call.blocks();
        }
    }

    /**
     * Whether the call starting at {@code unit} takes all rows of as many whole column blocks as the
     * range holds: the inner loops then run over as many columns as they can, and rows share each pass
     * over B.
     */
    private boolean wholeBlocks(int unit, int to, int rowsPerCall) {
        return unit % m == 0 && m <= rowsPerCall && to - unit >= m;
    }

    /**
     * One kernel call over units: {@code rows} rows from {@code row} of batch {@code batch}, in {@code
     * blocks} column blocks covering columns {@code [first, last)}; it covers {@code rows * blocks} units.
     */
    private record Call(int batch, int row, int rows, int blocks, int first, int last) {}

    /** The call starting at {@code unit}, for units up to {@code to}; the Java and native paths share it. */
    private Call call(int unit, int to, int rowsPerCall) {
        int perBatch = columnBlocks * m;
        int block = (unit % perBatch) / m;
        boolean whole = wholeBlocks(unit, to, rowsPerCall);
        int rows = whole ? m : Math.min(Math.min(to - unit, m - unit % m), rowsPerCall);
        int blocks = whole ? Math.min((to - unit) / m, columnBlocks - block) : 1;
        return new Call(
                unit / perBatch,
                unit % m,
                rows,
                blocks,
                block * blockWidth,
                Math.min(n, (block + blocks) * blockWidth));
    }

    private int rowsPerCall() {
        return Math.max(1, Math.min(ROWS_PER_CALL, RESULTS_PER_CALL / Math.max(1, n)));
    }

    private static int[] remove(int[] dims, int axis) {
        int[] result = new int[dims.length - 1];
        System.arraycopy(dims, 0, result, 0, axis);
        System.arraycopy(dims, axis + 1, result, axis, dims.length - axis - 1);
        return result;
    }
}
