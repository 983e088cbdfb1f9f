package io.lockstep.nn;

import java.util.List;

/** A node attribute as decoded from an {@code AttributeProto}. */
public sealed interface OnnxAttribute {
    String name();

    record FloatValue(String name, float value) implements OnnxAttribute {}

    record IntValue(String name, long value) implements OnnxAttribute {}

    record StringValue(String name, String value) implements OnnxAttribute {}

    record TensorValue(String name, Tensor value) implements OnnxAttribute {}

    record FloatsValue(String name, float[] values) implements OnnxAttribute {
        @Override
        public float[] values() {
            return values.clone();
        }
    }

    record IntsValue(String name, long[] values) implements OnnxAttribute {
        @Override
        public long[] values() {
            return values.clone();
        }
    }

    record StringsValue(String name, List<String> values) implements OnnxAttribute {
        public StringsValue {
            values = List.copyOf(values);
        }
    }

    /**
     * A kind of attribute the engine does not use (graph, sparse tensor, type proto, lists of those);
     * an operator that needs it refuses the node.
     *
     * @param type the {@code AttributeProto.AttributeType} number
     */
    record Unsupported(String name, int type) implements OnnxAttribute {}
}
