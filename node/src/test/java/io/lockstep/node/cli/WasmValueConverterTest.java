package io.lockstep.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class WasmValueConverterTest {

    private final WasmValueConverter converter = new WasmValueConverter();

    @ParameterizedTest
    @CsvSource({
        "i32:0x2a, i32:0x0000002a",
        "i32:0XFFFFFFFF, i32:0xffffffff",
        "i32:42, i32:0x0000002a",
        "i32:-1, i32:0xffffffff",
        "i32:4294967295, i32:0xffffffff",
        "i32:-2147483648, i32:0x80000000",
        "i64:0x1, i64:0x0000000000000001",
        "i64:-1, i64:0xffffffffffffffff",
        "i64:18446744073709551615, i64:0xffffffffffffffff",
        "i64:90, i64:0x000000000000005a",
        "f32:0x7fc00000, f32:0x7fc00000",
        "f32:1.5, f32:0x3fc00000",
        "f32:-0, f32:0x80000000",
        "f32:.5e1, f32:0x40a00000",
        "f64:0.1, f64:0x3fb999999999999a",
        "f64:-2.5E-3, f64:0xbf647ae147ae147b",
        "f64:0x7ff0000000000000, f64:0x7ff0000000000000"
    })
    void readsHexBitsAndDecimals(String text, String expected) {
        assertEquals(expected, converter.convert(text).toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "42",
                "i32",
                "i32:",
                "x32:1",
                "I32:1",
                "i32:0x",
                "i32:0x123456789",
                "i32:0xzz",
                "i32:4294967296",
                "i32:-2147483649",
                "i32:1.5",
                "i64:18446744073709551616",
                "f32:NaN",
                "f32:Infinity",
                "f64:1d",
                "f64:0x1.8p1",
                "f64:1e",
                "i32:+-1"
            })
    void refusesEverythingElseWithTheExpectedForm(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));

        assertTrue(e.getMessage().contains("expected TYPE:VALUE"), e::getMessage);
    }
}
