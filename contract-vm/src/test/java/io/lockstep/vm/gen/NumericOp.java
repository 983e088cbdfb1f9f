package io.lockstep.vm.gen;

import static io.lockstep.vm.ValueKind.F32;
import static io.lockstep.vm.ValueKind.F64;
import static io.lockstep.vm.ValueKind.I32;
import static io.lockstep.vm.ValueKind.I64;

import io.lockstep.vm.ValueKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric instruction with its signature: every unary, binary, comparison, conversion, sign-extension
 * and saturating-truncation instruction of the admitted feature set.
 *
 * @param code the opcode; 0xFC-prefixed instructions are {@code 0xFC00 | subopcode}
 * @param weight how often the generator draws it, relative to the others with the same result type
 * @param canonicalNan whether the instruction is one of WebAssembly's NaN-producing arithmetic operations,
 *     whose NaN results the VM must make canonical (bit operations and reinterpretations pass NaNs through)
 */
record NumericOp(String name, int code, ValueKind result, List<ValueKind> operands, int weight, boolean canonicalNan) {

    /** Float arithmetic gets the most weight: its NaN, zero and rounding behaviour is what may differ. */
    private static final int FLOAT = 6;

    private static final int INT = 3;
    /** Instructions that trap on common operands: kept rarer, or nearly every module would trap early. */
    private static final int TRAPPING = 1;

    static final List<NumericOp> ALL = build();

    void encode(WasmBytes out) {
        if (code > 0xFF) {
            out.u8(code >>> 8).u32(code & 0xFF);
        } else {
            out.u8(code);
        }
    }

    /** The operations whose result is {@code kind}. */
    static List<NumericOp> producing(ValueKind kind) {
        List<NumericOp> ops = new ArrayList<>();
        for (NumericOp op : ALL) {
            if (op.result == kind) {
                ops.add(op);
            }
        }
        return List.copyOf(ops);
    }

    private static List<NumericOp> build() {
        List<NumericOp> ops = new ArrayList<>();
        // comparisons and tests
        add(ops, "i32.eqz", 0x45, I32, INT, false, I32);
        add(ops, "i64.eqz", 0x50, I32, INT, false, I64);
        String[] intCompare = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
        for (int i = 0; i < intCompare.length; i++) {
            add(ops, "i32." + intCompare[i], 0x46 + i, I32, 1, false, I32, I32);
            add(ops, "i64." + intCompare[i], 0x51 + i, I32, 1, false, I64, I64);
        }
        String[] floatCompare = {"eq", "ne", "lt", "gt", "le", "ge"};
        for (int i = 0; i < floatCompare.length; i++) {
            add(ops, "f32." + floatCompare[i], 0x5B + i, I32, 2, false, F32, F32);
            add(ops, "f64." + floatCompare[i], 0x61 + i, I32, 2, false, F64, F64);
        }
        // integer arithmetic
        String[] intUnary = {"clz", "ctz", "popcnt"};
        for (int i = 0; i < intUnary.length; i++) {
            add(ops, "i32." + intUnary[i], 0x67 + i, I32, INT, false, I32);
            add(ops, "i64." + intUnary[i], 0x79 + i, I64, INT, false, I64);
        }
        String[] intBinary = {
            "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u",
            "rotl", "rotr"
        };
        for (int i = 0; i < intBinary.length; i++) {
            int weight = intBinary[i].startsWith("div") || intBinary[i].startsWith("rem") ? TRAPPING : INT;
            add(ops, "i32." + intBinary[i], 0x6A + i, I32, weight, false, I32, I32);
            add(ops, "i64." + intBinary[i], 0x7C + i, I64, weight, false, I64, I64);
        }
        // float arithmetic; abs, neg and copysign are bit operations and keep NaN payloads
        String[] floatUnary = {"abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"};
        for (int i = 0; i < floatUnary.length; i++) {
            boolean arithmetic = i >= 2;
            add(ops, "f32." + floatUnary[i], 0x8B + i, F32, FLOAT, arithmetic, F32);
            add(ops, "f64." + floatUnary[i], 0x99 + i, F64, FLOAT, arithmetic, F64);
        }
        String[] floatBinary = {"add", "sub", "mul", "div", "min", "max", "copysign"};
        for (int i = 0; i < floatBinary.length; i++) {
            boolean arithmetic = i < 6;
            add(ops, "f32." + floatBinary[i], 0x92 + i, F32, FLOAT, arithmetic, F32, F32);
            add(ops, "f64." + floatBinary[i], 0xA0 + i, F64, FLOAT, arithmetic, F64, F64);
        }
        // conversions
        add(ops, "i32.wrap_i64", 0xA7, I32, INT, false, I64);
        add(ops, "i32.trunc_f32_s", 0xA8, I32, TRAPPING, false, F32);
        add(ops, "i32.trunc_f32_u", 0xA9, I32, TRAPPING, false, F32);
        add(ops, "i32.trunc_f64_s", 0xAA, I32, TRAPPING, false, F64);
        add(ops, "i32.trunc_f64_u", 0xAB, I32, TRAPPING, false, F64);
        add(ops, "i64.extend_i32_s", 0xAC, I64, INT, false, I32);
        add(ops, "i64.extend_i32_u", 0xAD, I64, INT, false, I32);
        add(ops, "i64.trunc_f32_s", 0xAE, I64, TRAPPING, false, F32);
        add(ops, "i64.trunc_f32_u", 0xAF, I64, TRAPPING, false, F32);
        add(ops, "i64.trunc_f64_s", 0xB0, I64, TRAPPING, false, F64);
        add(ops, "i64.trunc_f64_u", 0xB1, I64, TRAPPING, false, F64);
        add(ops, "f32.convert_i32_s", 0xB2, F32, FLOAT, false, I32);
        add(ops, "f32.convert_i32_u", 0xB3, F32, FLOAT, false, I32);
        add(ops, "f32.convert_i64_s", 0xB4, F32, FLOAT, false, I64);
        add(ops, "f32.convert_i64_u", 0xB5, F32, FLOAT, false, I64);
        add(ops, "f32.demote_f64", 0xB6, F32, FLOAT, true, F64);
        add(ops, "f64.convert_i32_s", 0xB7, F64, FLOAT, false, I32);
        add(ops, "f64.convert_i32_u", 0xB8, F64, FLOAT, false, I32);
        add(ops, "f64.convert_i64_s", 0xB9, F64, FLOAT, false, I64);
        add(ops, "f64.convert_i64_u", 0xBA, F64, FLOAT, false, I64);
        add(ops, "f64.promote_f32", 0xBB, F64, FLOAT, true, F32);
        add(ops, "i32.reinterpret_f32", 0xBC, I32, FLOAT, false, F32);
        add(ops, "i64.reinterpret_f64", 0xBD, I64, FLOAT, false, F64);
        add(ops, "f32.reinterpret_i32", 0xBE, F32, FLOAT, false, I32);
        add(ops, "f64.reinterpret_i64", 0xBF, F64, FLOAT, false, I64);
        // sign extension
        add(ops, "i32.extend8_s", 0xC0, I32, INT, false, I32);
        add(ops, "i32.extend16_s", 0xC1, I32, INT, false, I32);
        add(ops, "i64.extend8_s", 0xC2, I64, INT, false, I64);
        add(ops, "i64.extend16_s", 0xC3, I64, INT, false, I64);
        add(ops, "i64.extend32_s", 0xC4, I64, INT, false, I64);
        // saturating truncation
        ValueKind[] satResult = {I32, I32, I32, I32, I64, I64, I64, I64};
        ValueKind[] satOperand = {F32, F32, F64, F64, F32, F32, F64, F64};
        for (int i = 0; i < 8; i++) {
            String name = satResult[i].text() + ".trunc_sat_" + satOperand[i].text() + (i % 2 == 0 ? "_s" : "_u");
            add(ops, name, 0xFC00 | i, satResult[i], FLOAT, false, satOperand[i]);
        }
        return List.copyOf(ops);
    }

    private static void add(
            List<NumericOp> ops,
            String name,
            int code,
            ValueKind result,
            int weight,
            boolean canonicalNan,
            ValueKind... operands) {
        ops.add(new NumericOp(name, code, result, List.of(operands), weight, canonicalNan));
    }
}
