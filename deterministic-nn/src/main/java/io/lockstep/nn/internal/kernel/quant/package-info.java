/**
 * The quantized operators: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger,
 * ConvInteger, QLinearMatMul, QLinearConv over int8/uint8 with float32 scales. Integer products are exact
 * int32 ({@link io.lockstep.nn.internal.kernel.quant.Int8Gemm}, and for the matrix products {@link
 * io.lockstep.nn.internal.kernel.quant.NativeInt8Gemm} where it loads, ADR 0011); every rounding goes through {@link
 * io.lockstep.nn.internal.kernel.quant.Quantization} (ties to even, saturation). Numerics are specified in
 * docs/spec/nn.md, "Quantized operators".
 */
package io.lockstep.nn.internal.kernel.quant;
