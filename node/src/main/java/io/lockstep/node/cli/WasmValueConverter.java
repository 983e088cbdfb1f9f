package io.lockstep.node.cli;

import io.lockstep.vm.ValueKind;
import io.lockstep.vm.WasmValue;
import java.math.BigInteger;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --arg TYPE:VALUE}: the raw bits in hex, as {@link WasmValue#parse} reads them, or a decimal
 * number for convenience. Integers may be given signed or unsigned; decimal floats are rounded to
 * nearest by the JDK's correctly rounded parser, so every machine gets the same bits. NaNs and
 * infinities are given as bits.
 */
final class WasmValueConverter implements ITypeConverter<WasmValue> {

    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL_FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String FORM =
            " (expected TYPE:VALUE, TYPE one of i32 i64 f32 f64, VALUE 0x-prefixed hex bits or a decimal number)";

    @Override
    public WasmValue convert(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage() + FORM);
        }
    }

    static WasmValue parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no ':' in '" + text + "'");
        }
        String value = text.substring(colon + 1);
        if (value.startsWith("0x") || value.startsWith("0X")) {
            return WasmValue.parse(text);
        }
        ValueKind kind = ValueKind.parse(text.substring(0, colon));
        return switch (kind) {
            case I32 -> WasmValue.i32(integer(value, 32).intValue());
            case I64 -> WasmValue.i64(integer(value, 64).longValue());
            case F32 -> WasmValue.f32Bits(Float.floatToRawIntBits(Float.parseFloat(decimal(value))));
            case F64 -> WasmValue.f64Bits(Double.doubleToRawLongBits(Double.parseDouble(decimal(value))));
        };
    }

    /** A decimal integer that fits {@code width} bits read as signed or as unsigned. */
    private static BigInteger integer(String text, int width) {
        if (!DECIMAL_INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is neither 0x-prefixed bits nor a decimal integer");
        }
        BigInteger value = new BigInteger(text);
        BigInteger min = BigInteger.ONE.shiftLeft(width - 1).negate();
        BigInteger max = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + text + "' does not fit in " + width + " bits");
        }
        return value;
    }

    private static String decimal(String text) {
        if (!DECIMAL_FLOAT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is neither 0x-prefixed bits nor a decimal number");
        }
        return text;
    }
}
