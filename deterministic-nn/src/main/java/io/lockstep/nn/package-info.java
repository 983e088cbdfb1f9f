/**
 * Deterministic neural-network inference: ONNX models run by our own kernels so that every validator
 * gets the same bits and charges the same fuel on any JDK from 17, any CPU and any thread count.
 *
 * <p>Public API: {@link io.lockstep.nn.OnnxModel} (decode), {@link io.lockstep.nn.PreparedModel}
 * (prepare once, {@code cost()}, {@code run}), {@link io.lockstep.nn.Tensor} and
 * {@link io.lockstep.nn.DType}, {@link io.lockstep.nn.TensorProtoCodec}, the chain rules
 * {@link io.lockstep.nn.NnLimits} and {@link io.lockstep.nn.NnCostTable}, {@link io.lockstep.nn.Int8Kernel}
 * (which int8 kernel runs in this JVM), and the single exception
 * {@link io.lockstep.nn.NnException} with its {@link io.lockstep.nn.NnErrorCode}. Everything else lives
 * in {@code io.lockstep.nn.internal}: the protobuf reader ({@code internal.proto}), the operator
 * framework ({@code internal.operator}), the planner and runner ({@code internal.graph}) and the
 * kernels ({@code internal.kernel}). The numerics are specified in {@code docs/spec/nn.md}.
 */
package io.lockstep.nn;
