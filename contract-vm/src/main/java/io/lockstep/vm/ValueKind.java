package io.lockstep.vm;

/** The numeric WebAssembly value types a contract may pass across its exports. */
public enum ValueKind {
    I32("i32"),
    I64("i64"),
    F32("f32"),
    F64("f64");

    private final String text;

    ValueKind(String text) {
        this.text = text;
    }

    /** The wasm text-format name: {@code i32}, {@code i64}, {@code f32}, {@code f64}. */
    public String text() {
        return text;
    }

    /** Whether the value occupies 32 bits. */
    public boolean is32Bit() {
        return this == I32 || this == F32;
    }

    public static ValueKind parse(String text) {
        for (ValueKind kind : values()) {
            if (kind.text.equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown value type '" + text + "' (expected i32, i64, f32 or f64)");
    }
}
