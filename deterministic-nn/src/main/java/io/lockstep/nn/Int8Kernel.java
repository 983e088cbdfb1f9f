package io.lockstep.nn;

import io.lockstep.nn.internal.kernel.quant.NativeInt8Gemm;

/**
 * Which kernel computes the int8 products (MatMulInteger, QLinearMatMul) in this JVM: decided once, when
 * first asked or first used. Both give the same integers (ADR 0011); only the speed differs.
 */
public enum Int8Kernel {
    /** The pure-Java kernel: every JVM and CPU, and the reference. */
    JAVA,
    /** The native AVX-512 VNNI kernel: Linux x86-64 with AVX512-VNNI, library built and loaded. */
    NATIVE_AVX512_VNNI;

    /** The kernel that runs here. */
    public static Int8Kernel active() {
        return NativeInt8Gemm.running() ? NATIVE_AVX512_VNNI : JAVA;
    }
}
