package io.lockstep.nn.internal.operator;

/**
 * One ONNX operator (for a range of opset versions): checks a node's attributes and input types,
 * infers its output types from them (and from constant inputs where ONNX needs values, such as
 * Reshape's target shape), counts its work and builds its kernel. Called once per node when a model
 * is prepared; must throw {@link io.lockstep.nn.NnException} (through {@link NodeContext#fail}) for
 * anything it does not support, and must read every attribute it honours through the context (unread
 * attributes make the node unsupported).
 */
@FunctionalInterface
public interface Operator {
    NodePlan plan(NodeContext node);
}
