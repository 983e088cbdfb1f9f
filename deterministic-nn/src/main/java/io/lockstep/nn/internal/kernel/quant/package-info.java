/**
 * The quantized operators: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger,
 * ConvInteger, QLinearMatMul, QLinearConv over int8/uint8 with float32 scales. Integer products are exact
 * int32 ({@link io.lockstep.nn.internal.kernel.quant.Int8Gemm}); every rounding goes through {@link
 * io.lockstep.nn.internal.kernel.quant.Quantization} (ties to even, saturation). Numerics are specified in
 * docs/spec/nn.md, "Quantized operators".
 */
package io.lockstep.nn.internal.kernel.quant;
