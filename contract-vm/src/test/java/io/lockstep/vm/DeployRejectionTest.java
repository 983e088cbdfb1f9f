package io.lockstep.vm;

import static io.lockstep.vm.testing.VmFixture.deploy;
import static io.lockstep.vm.testing.VmFixture.invokeBoth;
import static io.lockstep.vm.testing.VmFixture.rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.vm.testing.Wat;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad modules get a clear rejection, never an exception, a hang or a crash of the JVM. */
class DeployRejectionTest {

    private static ContractVm vm;

    @BeforeAll
    static void setUp() {
        vm = new ContractVm(VmConfig.DEFAULT);
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    private static final String VALID =
            """
            (module
              (type $t (func (param i32) (result i32)))
              (import "lockstep" "input_size" (func $size (result i32)))
              (memory 1 4)
              (global $g (mut i32) (i32.const 7))
              (table 2 funcref) (elem (i32.const 0) $f $g)
              (data (i32.const 16) "lockstep")
              (func $f (export "f") (param i32) (result i32)
                (i32.add (local.get 0) (global.get $g)))
              (func $g (export "g") (param i32) (result i32)
                (call_indirect (type $t) (local.get 0) (i32.and (local.get 0) (i32.const 1))))
              (func (export "h") (result f32) (f32.div (f32.const 0) (f32.const 0))))
            """;

    @Test
    void everyTruncationInsideASectionIsRejected() {
        byte[] valid = Wat.compile(VALID);
        deploy(vm, valid);
        java.util.Set<Integer> sectionEnds = sectionEnds(valid);
        for (int length = 0; length < valid.length; length++) {
            if (sectionEnds.contains(length)) {
                continue; // dropping whole trailing sections can leave a valid module
            }
            DeployResult.Rejected r = rejected(vm, Arrays.copyOf(valid, length));
            assertTrue(
                    r.reason() == RejectReason.MALFORMED || r.reason() == RejectReason.INVALID,
                    "truncated to " + length + ": " + r);
            assertTrue(!r.message().isBlank());
        }
    }

    private static java.util.Set<Integer> sectionEnds(byte[] module) {
        java.util.Set<Integer> ends = new java.util.HashSet<>();
        int pos = 8;
        ends.add(pos);
        while (pos < module.length) {
            pos++; // id
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = module[pos++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            pos += (int) size;
            ends.add(pos);
        }
        return ends;
    }

    @Test
    void randomCorruptionNeverEscapesAsAnException() {
        byte[] valid = Wat.compile(VALID);
        long seed = Long.getLong("lockstep.seed", 20261124L);
        SplittableRandom random = new SplittableRandom(seed);
        int admitted = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] mutated = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = 8 + random.nextInt(mutated.length - 8);
                mutated[at] =
                        (byte) (random.nextBoolean() ? random.nextInt(256) : mutated[at] ^ (1 << random.nextInt(8)));
            }
            DeployResult result;
            try {
                result = vm.deploy(mutated);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " mutation " + i + " escaped: " + e, e);
            }
            if (result instanceof DeployResult.Deployed d) {
                admitted++;
                for (String export : d.code().exportedFunctions()) {
                    var type = exportArity(export);
                    try {
                        invokeBoth(vm, d.code(), export, type, 1_000_000);
                    } catch (IllegalArgumentException wrongSignature) {
                        // the mutation changed the export's type; not a VM failure
                    }
                }
            }
        }
        assertTrue(admitted < 3_000, "corruption must be noticed sometimes");
    }

    private static List<WasmValue> exportArity(String export) {
        return export.equals("h") ? List.of() : List.of(WasmValue.i32(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SIMD|(module (func (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))|FEATURE_NOT_ALLOWED",
                "SIMD value type|(module (func (param v128)))|FEATURE_NOT_ALLOWED",
                "shared memory|(module (memory 1 1 shared))|FEATURE_NOT_ALLOWED",
                "atomics|(module (memory 1 1) (func (result i32) (i32.atomic.load (i32.const 0))))|FEATURE_NOT_ALLOWED",
                "exceptions|(module (tag $e) (func (throw $e)))|FEATURE_NOT_ALLOWED",
                "tail calls|(module (func $f (return_call $f)))|FEATURE_NOT_ALLOWED",
                "reference types|(module (table 1 funcref) (func (drop (table.get 0 (i32.const 0)))))|FEATURE_NOT_ALLOWED",
                "ref.null in code|(module (func (drop (ref.null func))))|FEATURE_NOT_ALLOWED",
                "externref param|(module (func (param externref)))|FEATURE_NOT_ALLOWED",
                "table.grow|(module (table 1 funcref) (func (drop (table.grow 0 (ref.null func) (i32.const 1)))))|FEATURE_NOT_ALLOWED",
                "multiple memories|(module (memory 1) (memory 1))|FEATURE_NOT_ALLOWED",
                "memory64|(module (memory i64 1))|FEATURE_NOT_ALLOWED",
                "two tables|(module (table 1 funcref) (table 1 funcref))|FEATURE_NOT_ALLOWED",
                "foreign import|(module (import \"env\" \"f\" (func)))|IMPORT_NOT_ALLOWED",
                "wrong host signature|(module (import \"lockstep\" \"input_size\" (func (result i64))))|IMPORT_NOT_ALLOWED",
                "imported memory|(module (import \"lockstep\" \"memory\" (memory 1)))|IMPORT_NOT_ALLOWED",
                "memory too large|(module (memory 513))|LIMIT_EXCEEDED",
                "table too large|(module (table 70000 funcref))|LIMIT_EXCEEDED",
                "type error|(module (func (result i32) (i64.const 1)))|INVALID",
            })
    void bannedFeaturesAndBrokenRulesAreRefused(String name, String wat, RejectReason reason) {
        DeployResult.Rejected r = rejected(vm, Wat.compile(wat));
        assertEquals(reason, r.reason(), name + ": " + r.message());
    }

    @Test
    void oversizedModuleIsRefusedBeforeParsing() {
        byte[] big = new byte[VmLimits.DEFAULT.maxModuleBytes() + 1];
        System.arraycopy(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 0, big, 0, 8);
        assertEquals(RejectReason.LIMIT_EXCEEDED, rejected(vm, big).reason());
    }

    @Test
    void hostileCountsAreRefusedWithoutAllocating() {
        // a code section claiming 2^32-1 locals of type i32 in a 1-function module
        byte[] module = {
            0,
            'a',
            's',
            'm',
            1,
            0,
            0,
            0, //
            1,
            4,
            1,
            0x60,
            0,
            0, // type: () -> ()
            3,
            2,
            1,
            0, // function 0 has type 0
            10,
            9,
            1,
            7,
            1,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            0x0F,
            0x7F // 1 body: 1 group of 2^32-1 i32
        };
        assertEquals(RejectReason.LIMIT_EXCEEDED, rejected(vm, module).reason());
        // a type section claiming 2^32-1 types
        byte[] types = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertEquals(RejectReason.LIMIT_EXCEEDED, rejected(vm, types).reason());
        // a data segment claiming more bytes than the module holds
        byte[] data = {
            0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 0, 1, 11, 8, 1, 0, 0x41, 0, 0x0B, (byte) 0xFF, (byte) 0xFF, 0x03
        };
        DeployResult.Rejected r = rejected(vm, data);
        assertTrue(r.reason() == RejectReason.MALFORMED, r.toString());
    }

    @Test
    void hugeBrTablesAreRefusedAndLargeOnesRun() {
        int limit = VmLimits.DEFAULT.maxBrTableTargets();
        assertEquals(
                RejectReason.LIMIT_EXCEEDED, rejected(vm, brTable(limit + 1)).reason());
        DeployedCode code = deploy(vm, brTable(limit));
        for (int index : new int[] {12_344, 12_345, limit, -1}) {
            CallOutcome outcome = invokeBoth(vm, code, "pick", List.of(WasmValue.i32(index)), 1_000_000);
            int expected = index >= 0 && index < limit && index % 2 == 0 ? 1 : 2;
            assertEquals(
                    WasmValue.i32(expected),
                    assertInstanceOf(CallOutcome.Success.class, outcome)
                            .results()
                            .get(0),
                    "index " + index);
        }
    }

    private static byte[] brTable(int targets) {
        StringBuilder wat = new StringBuilder("(module (func (export \"pick\") (param i32) (result i32)");
        wat.append(" (block (block (br_table");
        for (int i = 0; i < targets; i++) {
            wat.append(i % 2 == 0 ? " 0" : " 1");
        }
        wat.append(" 1 (local.get 0))) (return (i32.const 1))) (i32.const 2)))");
        return Wat.compile(wat.toString());
    }

    @Test
    void deepNestingIsRefusedBeyondTheLimitAndRunsWithinIt() {
        int limit = VmLimits.DEFAULT.maxBlockNesting();
        assertEquals(
                RejectReason.LIMIT_EXCEEDED, rejected(vm, nested(limit + 5)).reason());
        DeployedCode code = deploy(vm, nested(limit - 5));
        CallOutcome outcome = invokeBoth(vm, code, "deep", List.of(), 1_000_000);
        assertEquals(
                WasmValue.i32(42),
                assertInstanceOf(CallOutcome.Success.class, outcome).results().get(0));
    }

    private static byte[] nested(int depth) {
        StringBuilder wat = new StringBuilder("(module (func (export \"deep\") (result i32)");
        wat.append(" (block (result i32)".repeat(depth));
        wat.append(" (i32.const 42)");
        wat.append(")".repeat(depth));
        wat.append("))");
        return Wat.compile(wat.toString());
    }
}
