package io.lockstep.vm.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.vm.ValueKind;
import io.lockstep.vm.WasmValue;

/**
 * One argument or expected result of a spec command as wast2json writes it: a type and the decimal
 * string of the value's raw bits, or {@code nan:canonical} / {@code nan:arithmetic} for results that
 * only constrain the NaN's payload. v128 and reference values are kept as text only: no admitted
 * module can take or return them.
 */
record SpecValue(String type, String text) {

    static final String NAN_CANONICAL = "nan:canonical";
    static final String NAN_ARITHMETIC = "nan:arithmetic";

    static SpecValue of(JsonNode node) {
        String type = node.path("type").asText();
        JsonNode value = node.path("value");
        return new SpecValue(type, value.isArray() ? value.toString() : value.asText(""));
    }

    /** Whether the contract VM's value kinds can carry this value (i32, i64, f32, f64). */
    boolean numeric() {
        return type.equals("i32") || type.equals("i64") || type.equals("f32") || type.equals("f64");
    }

    ValueKind kind() {
        return ValueKind.parse(type);
    }

    boolean isNanPattern() {
        return text.equals(NAN_CANONICAL) || text.equals(NAN_ARITHMETIC);
    }

    /** The raw bits of a concrete numeric value. */
    long bits() {
        return Long.parseUnsignedLong(text);
    }

    WasmValue toWasmValue() {
        return new WasmValue(kind(), bits());
    }

    /** Whether {@code actual} satisfies this expectation, bit for bit (NaN patterns by their payload). */
    boolean matches(WasmValue actual) {
        if (!numeric() || actual.kind() != kind()) {
            return false;
        }
        long bits = actual.bits();
        boolean wide = !kind().is32Bit();
        long magnitude = wide ? bits & 0x7FFF_FFFF_FFFF_FFFFL : bits & 0x7FFF_FFFFL;
        if (text.equals(NAN_CANONICAL)) {
            return magnitude == (wide ? 0x7FF8_0000_0000_0000L : 0x7FC0_0000L);
        }
        if (text.equals(NAN_ARITHMETIC)) {
            long quietNan = wide ? 0x7FF8_0000_0000_0000L : 0x7FC0_0000L;
            return (magnitude & quietNan) == quietNan;
        }
        return bits == new WasmValue(kind(), bits()).bits();
    }

    @Override
    public String toString() {
        if (numeric() && !isNanPattern()) {
            return toWasmValue().toString();
        }
        return type + ":" + text;
    }
}
