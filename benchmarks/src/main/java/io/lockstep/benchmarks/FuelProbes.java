package io.lockstep.benchmarks;

import io.lockstep.benchmarks.FuelProbe.Way;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The calibration probes, one or more per class of the cost table. Each snippet feeds its result into
 * state that {@code run} returns, so the JIT cannot drop the work, and reads its operands from mutable
 * globals or loop-carried locals, so it cannot fold them into constants (a division by a known constant
 * would become a multiplication).
 */
final class FuelProbes {

    private FuelProbes() {}

    /**
     * Loop iterations of the in-instance probes: enough for a run of about a millisecond. The large
     * variants have 8 copies of their snippet, no more, so that the JVM method Chicory compiles the loop
     * into stays below HotSpot's 8000-byte limit for JIT compilation (DontCompileHugeMethods).
     */
    private static final int ITERATIONS = 40_000;

    /** Mutable globals holding the probes' operands: values the JIT must load at run time. */
    private static final String OPERANDS =
            """
              (global $g7 (mut i32) (i32.const 7))
              (global $gMix (mut i32) (i32.const 0x9E3779B9))
              (global $gPrime (mut i64) (i64.const 1000003))
              (global $gBig (mut i64) (i64.const 0x123456789))
              (global $gHalf (mut f64) (f64.const 0.5))
              (global $gOne (mut f64) (f64.const 1.0))
              (global $gQuarter (mut f32) (f32.const 0.25))
              (global $gMinusOne (mut f32) (f32.const -1.0))
              (global $gSeven10 (mut f64) (f64.const 0.7))
              (global $gTwo (mut f32) (f32.const 2.0))
            """;

    private static final String LOCALS =
            """
                (local $i i32) (local $a i32) (local $b i32) (local $d i32) (local $p i32)
                (local $c i64) (local $e i64) (local $f i64) (local $s i64)
                (local $x f64) (local $y f64) (local $z f64) (local $u f32) (local $q f32) (local $r f32)
            """;

    private static final String SETUP =
            """
                (local.set $a (global.get $gMix)) (local.set $b (global.get $gMix)) (local.set $d (global.get $g7))
                (local.set $c (global.get $gBig)) (local.set $e (global.get $gPrime)) (local.set $f (global.get $gBig))
                (local.set $x (global.get $gOne)) (local.set $y (global.get $gHalf)) (local.set $z (global.get $gOne))
                (local.set $u (global.get $gTwo)) (local.set $q (global.get $gQuarter)) (local.set $r (global.get $gMinusOne))
            """;

    /** Everything the snippets computed, folded into one i64. */
    private static final String RESULT =
            """
                (i64.add
                  (i64.add (i64.extend_i32_u (i32.xor (local.get $a) (local.get $b))) (i64.xor (local.get $c) (local.get $s)))
                  (i64.add (i64.reinterpret_f64 (local.get $x))
                    (i64.extend_i32_u (i32.reinterpret_f32 (f32.add (local.get $u) (local.get $q))))))
            """;

    static List<FuelProbe> all() {
        return List.of(
                inLoop("integer arithmetic", "simple", 25, "", FuelProbes::simple, 0, 8),
                inLoop("integer division", "integerDivision", 2, "", FuelProbes::division, 0, 8),
                inLoop("float arithmetic", "floatOp", 5, "", FuelProbes::floatOps, 0, 8),
                inLoop("float division, sqrt", "floatDivision", 3, "", FuelProbes::floatDivision, 0, 8),
                inLoop("loads and stores", "memoryAccess", 3, "(memory 2)", FuelProbes::memory, 0, 8),
                inLoop("br_if, if/else", "branch", 2, "", FuelProbes::branch, 0, 8),
                inLoop("br_table", "brTable", 1, "", FuelProbes::brTable, 0, 8),
                inLoop(
                        "call",
                        "call",
                        1,
                        CALLEES,
                        c -> "(local.set $a (call $mix (local.get $a) (i32.const " + c + ")))\n",
                        0,
                        8),
                inLoop(
                        "call_indirect",
                        "callIndirect",
                        1,
                        CALLEES,
                        c -> "(local.set $a (call_indirect (type $pair)" + " (local.get $a) (i32.const " + c
                                + ") (i32.and (local.get $i) (i32.const 1))))\n",
                        0,
                        8),
                inLoop(
                        "memory.size",
                        "memorySize",
                        1,
                        "(memory 1)",
                        // rotl after the xor keeps the JIT from summing eight memory.size reads into one
                        c -> "(local.set $a (i32.rotl (i32.xor (local.get $a) (memory.size)) (i32.const 1)))\n",
                        0,
                        8),
                inLoop(
                        "memory.grow by 0 pages",
                        "memoryGrowBase",
                        1,
                        "(memory 1)",
                        c -> "(local.set $a (i32.add (local.get $a) (memory.grow (i32.const 0))))\n",
                        0,
                        8),
                small(
                        "memory.fill/copy of 8 bytes",
                        "bulkBase",
                        1,
                        "(memory 1)",
                        c -> c % 2 == 0
                                ? "(memory.fill (i32.const " + (64 * c) + ") (local.get $a) (i32.const 8))\n"
                                : "(memory.copy (i32.const " + (64 * c) + ") (i32.const 0) (i32.const 8))\n"),
                bulk(),
                tableCopy(),
                grow(),
                // A host call takes nanoseconds and a contract call tens of microseconds: many calls.
                hostCall(
                        "block_height",
                        "hostCallBase",
                        1,
                        4_096,
                        "(func $block_height (result i64))",
                        c -> "(local.set $s (i64.add (local.get $s) (call $block_height)))\n"),
                hostCall(
                        "storage_read (32-byte key and value)",
                        "storageRead",
                        1,
                        64,
                        "(func $storage_read (param i32 i32 i32 i32) (result i32))",
                        c -> "(i32.store8 (i32.const 0) (local.get $i))"
                                + " (local.set $a (i32.add (local.get $a) (call $storage_read (i32.const 0) (i32.const 32)"
                                + " (i32.const 64) (i32.const 32))))\n"),
                hostCall(
                        "storage_write (32-byte key and value)",
                        "storageWrite",
                        1,
                        64,
                        "(func $storage_write (param i32 i32 i32 i32))",
                        c -> "(i32.store8 (i32.const 0) (local.get $i)) (i32.store8 (i32.const 1) (i32.const " + c
                                + "))"
                                + " (call $storage_write (i32.const 0) (i32.const 32) (i32.const 64) (i32.const 32))\n"),
                hostCall(
                        "input_copy of 64 KiB",
                        "hostPerKiB",
                        64,
                        64,
                        "(func $input_copy (param i32 i32 i32))",
                        c -> "(call $input_copy (i32.const 0) (i32.const 0) (i32.const 65536))\n"),
                new FuelProbe(
                        "instantiate, call an empty export",
                        "instantiateBase",
                        1,
                        Way.ABSOLUTE_CONTRACT_CALL,
                        1,
                        c -> "(module (func (export \"run\") (result i64) (i64.const 0)))",
                        0,
                        1),
                new FuelProbe(
                        "instantiate with 64 more pages",
                        "instantiatePerPage",
                        64,
                        Way.CONTRACT_CALL,
                        1,
                        c -> "(module (memory " + (1 + 64 * c)
                                + ") (func (export \"run\") (result i64) (i64.const 0)))",
                        0,
                        1));
    }

    /** Bytes of call input the host-boundary probe copies in, and storage keys the read probe finds. */
    static final int HOST_INPUT_BYTES = 65_536;

    static final int STORED_KEYS = 64;

    private static FuelProbe inLoop(
            String name, String costClass, int units, String header, IntFunction<String> snippet, int low, int high) {
        return new FuelProbe(
                name,
                costClass,
                units,
                Way.INSTANCE,
                ITERATIONS,
                copies -> loop(header, snippet, copies, ITERATIONS),
                low,
                high);
    }

    /** Snippets that are costly on their own (bulk memory): fewer iterations. */
    private static FuelProbe small(
            String name, String costClass, int units, String header, IntFunction<String> snippet) {
        return new FuelProbe(
                name,
                costClass,
                units,
                Way.INSTANCE,
                ITERATIONS,
                copies -> loop(header, snippet, copies, ITERATIONS),
                0,
                8);
    }

    private static FuelProbe bulk() {
        IntFunction<String> snippet = c -> c % 2 == 0
                ? "(memory.fill (i32.const 0) (local.get $i) (i32.const 65536))\n"
                : "(memory.copy (i32.const 65536) (i32.const 0) (i32.const 65536))\n";
        return new FuelProbe(
                "memory.fill/copy of 64 KiB",
                "bulkPerKiB",
                64,
                Way.INSTANCE,
                100,
                copies -> loop("(memory 2)", snippet, copies, 100),
                0,
                8);
    }

    private static FuelProbe tableCopy() {
        String header =
                """
                  (type $pair (func (param i32 i32) (result i32)))
                  (func $mix (type $pair) (i32.add (local.get 0) (local.get 1)))
                  (func $mix2 (type $pair) (i32.xor (local.get 0) (local.get 1)))
                  (table 128 funcref)
                  (elem (i32.const 0) $mix $mix2 $mix $mix2 $mix $mix2 $mix $mix2)
                """;
        IntFunction<String> snippet = c -> "(table.copy (i32.const " + (c % 2 == 0 ? 64 : 0) + ") (i32.const "
                + (c % 2 == 0 ? 0 : 64) + ") (i32.const 64))\n";
        return new FuelProbe(
                "table.copy of 64 elements",
                "tableBulkPerElement",
                64,
                Way.INSTANCE,
                2_000,
                copies -> loop(header, snippet, copies, 2_000),
                0,
                8);
    }

    private static FuelProbe grow() {
        IntFunction<String> wat = copies -> {
            StringBuilder body = new StringBuilder();
            for (int c = 0; c < copies; c++) {
                body.append("(drop (memory.grow (i32.const 64)))\n");
            }
            return "(module (memory 1)\n" + "(func (export \"run\") (result i64) " + body
                    + " (i64.extend_i32_u (memory.size))))";
        };
        return new FuelProbe("memory.grow by 64 pages", "memoryGrowPerPage", 64, Way.CONTRACT_CALL, 1, wat, 0, 4);
    }

    /** A contract probe: a loop of host calls in a fresh instance per call. */
    private static FuelProbe hostCall(
            String name, String costClass, int units, int iterations, String importDecl, IntFunction<String> snippet) {
        String function =
                importDecl.substring(importDecl.indexOf('$') + 1, importDecl.indexOf(' ', importDecl.indexOf('$')));
        String header = "(import \"lockstep\" \"" + function + "\" " + importDecl + ")\n(memory 2)\n";
        return new FuelProbe(
                name,
                costClass,
                units,
                Way.CONTRACT_CALL,
                iterations,
                copies -> loop(header, snippet, copies, iterations),
                0,
                8);
    }

    private static final String CALLEES =
            """
              (type $pair (func (param i32 i32) (result i32)))
              (func $mix (type $pair) (i32.add (local.get 0) (local.get 1)))
              (func $mix2 (type $pair) (i32.xor (local.get 0) (local.get 1)))
              (table 2 funcref)
              (elem (i32.const 0) $mix $mix2)
            """;

    static String loop(String header, IntFunction<String> snippet, int copies, int iterations) {
        StringBuilder body = new StringBuilder();
        for (int c = 0; c < copies; c++) {
            body.append("      ").append(snippet.apply(c));
        }
        return "(module\n" + header + "\n" + OPERANDS
                + "  (func (export \"run\") (result i64)\n" + LOCALS + SETUP
                + "    (loop $l\n" + body
                + "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
                + "      (br_if $l (i32.lt_u (local.get $i) (i32.const " + iterations + "))))\n"
                + RESULT + "))\n";
    }

    /**
     * 25 simple operations in independent loop-carried chains, as integer code has them: an i32
     * xorshift step and an i64 multiply-add, with a comparison and a select. Neither chain can be
     * folded across copies.
     */
    private static String simple(int c) {
        return "(local.set $a (i32.xor (local.get $a) (i32.shl (local.get $a) (i32.const 13))))"
                + " (local.set $a (i32.xor (local.get $a) (i32.shr_u (local.get $a) (i32.const 17))))"
                + " (local.set $c (i64.add (i64.mul (local.get $c) (local.get $f)) (local.get $e)))"
                + " (local.set $b (select (local.get $a) (local.get $b) (i32.lt_u (local.get $a) (local.get $b))))\n";
    }

    /** 2 divisions (i32.div_u, i64.rem_s) and 10 simple operations. */
    private static String division(int c) {
        return "(local.set $a (i32.xor (i32.div_u (local.get $a) (local.get $d)) (local.get $b)))"
                + " (local.set $c (i64.add (i64.rem_s (local.get $c) (local.get $e)) (local.get $f)))\n";
    }

    /** 5 float operations (f64 mul/add, f32 mul/sub, f64.lt) and 13 simple ones; the values stay finite. */
    private static String floatOps(int c) {
        return "(local.set $x (f64.add (f64.mul (local.get $x) (local.get $y)) (local.get $z)))"
                + " (local.set $u (f32.sub (f32.mul (local.get $u) (local.get $q)) (local.get $r)))"
                + " (local.set $a (i32.add (local.get $a) (f64.lt (local.get $x) (local.get $z))))\n";
    }

    /** 3 float divisions or square roots, 1 float addition and 7 simple operations. */
    private static String floatDivision(int c) {
        return "(local.set $x (f64.sqrt (f64.div (local.get $x) (global.get $gSeven10))))"
                + " (local.set $u (f32.div (global.get $gTwo) (f32.add (local.get $u) (local.get $q))))\n";
    }

    /** 3 memory accesses (i32 load and store, i64 load) and 8 simple operations; addresses move each iteration. */
    private static String memory(int c) {
        return "(i32.store offset=" + (4 * c) + " (local.get $p) (i32.add (i32.load offset=" + (4 * c)
                + " (local.get $p)) (local.get $a)))"
                + " (local.set $s (i64.add (local.get $s) (i64.load offset=" + (256 + 8 * c) + " (local.get $p))))"
                + (c == 0
                        ? " (local.set $p (i32.and (i32.add (local.get $p) (i32.const 1028)) (i32.const 0xFFFF)))"
                        : "")
                + "\n";
    }

    /** A br_if (taken on a pattern of the loop counter) and an if/else, with 11 simple operations. */
    private static String branch(int c) {
        // The conditions come from a linear congruential generator, so the CPU cannot predict them, and
        // each skipped arm is a dependent chain the JIT will not turn into conditional moves: an
        // adversary's branches, not a loop's.
        return "(local.set $d (i32.add (i32.mul (local.get $d) (i32.const 1664525)) (i32.const 1013904223)))"
                + " (block (br_if 0 (i32.lt_s (local.get $d) (i32.const 0)))"
                + " (local.set $a (i32.rotl (i32.xor (local.get $a) (i32.const " + c + ")) (i32.const 5)))"
                + " (local.set $b (i32.add (local.get $b) (local.get $a))))"
                + " (if (i32.and (local.get $d) (i32.const 0x40000000))"
                + " (then (local.set $b (i32.rotl (i32.add (local.get $b) (i32.const 1)) (i32.const 3))))"
                + " (else (local.set $a (i32.sub (local.get $a) (local.get $b)))))\n";
    }

    /** A br_table of four targets, chosen by a random generator, and a few simple operations behind it. */
    private static String brTable(int c) {
        return "(local.set $d (i32.add (i32.mul (local.get $d) (i32.const 1664525)) (i32.const 1013904223)))"
                + " (block (block (block (block (br_table 0 1 2 3 (i32.shr_u (local.get $d) (i32.const 30))))"
                + " (local.set $a (i32.add (local.get $a) (i32.const 1))))"
                + " (local.set $a (i32.xor (local.get $a) (i32.const 5))))"
                + " (local.set $a (i32.rotl (local.get $a) (i32.const 1))))\n";
    }
}
