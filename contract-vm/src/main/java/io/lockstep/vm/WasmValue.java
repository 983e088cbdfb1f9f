package io.lockstep.vm;

import java.util.Locale;
import java.util.Objects;

/**
 * A WebAssembly value as its raw bits, the only form in which float results can be compared across
 * validators. 32-bit kinds keep their bits in the low half; the high half is always zero.
 *
 * <p>Text form: {@code i32:0x00000001}, {@code f64:0x7ff8000000000000}.
 */
public record WasmValue(ValueKind kind, long bits) {

    public WasmValue {
        Objects.requireNonNull(kind, "kind");
        if (kind.is32Bit()) {
            bits &= 0xFFFF_FFFFL;
        }
    }

    public static WasmValue i32(int value) {
        return new WasmValue(ValueKind.I32, value);
    }

    public static WasmValue i64(long value) {
        return new WasmValue(ValueKind.I64, value);
    }

    public static WasmValue f32Bits(int bits) {
        return new WasmValue(ValueKind.F32, bits);
    }

    public static WasmValue f64Bits(long bits) {
        return new WasmValue(ValueKind.F64, bits);
    }

    /**
     * Parses {@code TYPE:BITS}, where BITS is hexadecimal with a {@code 0x} prefix (at most 8 digits for
     * 32-bit kinds, 16 for 64-bit ones).
     */
    public static WasmValue parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected TYPE:0xBITS, got '" + text + "'");
        }
        ValueKind kind = ValueKind.parse(text.substring(0, colon));
        String bits = text.substring(colon + 1);
        if (!bits.startsWith("0x") && !bits.startsWith("0X")) {
            throw new IllegalArgumentException("bits must be hexadecimal with a 0x prefix, got '" + bits + "'");
        }
        String hex = bits.substring(2);
        int maxDigits = kind.is32Bit() ? 8 : 16;
        if (hex.isEmpty() || hex.length() > maxDigits) {
            throw new IllegalArgumentException(
                    kind.text() + " takes 1 to " + maxDigits + " hexadecimal digits, got '" + bits + "'");
        }
        try {
            return new WasmValue(kind, Long.parseUnsignedLong(hex, 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a hexadecimal number: '" + bits + "'", e);
        }
    }

    @Override
    public String toString() {
        String digits = kind.is32Bit() ? "%08x" : "%016x";
        return kind.text() + ":0x" + String.format(Locale.ROOT, digits, bits);
    }
}
