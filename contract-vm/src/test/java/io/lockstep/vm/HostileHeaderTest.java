package io.lockstep.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.vm.testing.Wat;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tiny modules whose headers claim huge lengths or counts. The parser allocates what a length claims
 * before it reads the bytes, so the deploy pipeline must refuse these first: otherwise a 30-byte deploy
 * makes a validator allocate gigabytes, and whether that fails depends on its heap. Each deploy here is
 * measured by the bytes its thread allocates.
 */
class HostileHeaderTest {

    /** Far below any claim these modules make (256 MiB and up), far above what refusing them takes. */
    private static final long ALLOCATION_BOUND = 32L * 1024 * 1024;

    /** 2^28 and 2^31 - 1 as 5-byte LEB128. */
    private static final byte[] BIG = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01};

    private static final byte[] HUGE = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};

    private static final com.sun.management.ThreadMXBean THREADS =
            ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t ? t : null;

    private static ContractVm vm;

    @BeforeAll
    static void setUp() {
        vm = new ContractVm(VmConfig.DEFAULT);
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "custom section name, MALFORMED",
        "name section entry, VALID",
        "export name, MALFORMED",
        "active data segment, MALFORMED",
        "passive data segment, MALFORMED",
        "element function indices, MALFORMED",
        "element expressions, MALFORMED",
        "br_table targets, MALFORMED",
        "typed select, MALFORMED",
    })
    void claimsOfHugeLengthsAreRefusedWithoutAllocatingThem(String shape, String expected) {
        for (byte[] claim : new byte[][] {BIG, HUGE}) {
            byte[] module = hostile(shape, claim);
            Deploy deploy = deployMeasured(module);
            assertTrue(
                    deploy.allocated < ALLOCATION_BOUND,
                    shape + ": deploying " + module.length + " bytes allocated " + deploy.allocated + " bytes");
            if (expected.equals("VALID")) {
                assertInstanceOf(DeployResult.Deployed.class, deploy.result, shape);
            } else {
                DeployResult.Rejected rejected = assertInstanceOf(DeployResult.Rejected.class, deploy.result, shape);
                assertEquals(RejectReason.valueOf(expected), rejected.reason(), shape + ": " + rejected.message());
            }
        }
    }

    @Test
    void aNonConstantInitializerIsInvalidAndExtendedConstantsStayAdmitted() {
        byte[] clz = sections(memory(), section(11, bytes(1, 0, 0x41, 1, 0x67, 0x0b, 0)));
        DeployResult.Rejected rejected = assertInstanceOf(DeployResult.Rejected.class, vm.deploy(clz));
        assertEquals(RejectReason.INVALID, rejected.reason(), rejected.message());
        byte[] sum = sections(memory(), section(11, bytes(1, 0, 0x41, 1, 0x41, 2, 0x6a, 0x0b, 0)));
        assertInstanceOf(DeployResult.Deployed.class, vm.deploy(sum));
    }

    /**
     * Valid modules with a huge LEB128 written over a random position: whatever the result, the deploy
     * returns one, and its allocation stays bounded.
     */
    @Test
    void hugeNumbersAnywhereInAModuleNeverDriveAllocation() {
        assumeAllocationMeasurable();
        long seed = System.nanoTime();
        System.out.println("HostileHeaderTest seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        byte[][] valid = {
            Wat.compile(
                    """
                    (module
                      (type $t (func (param i32) (result i32)))
                      (import "lockstep" "input_size" (func $size (result i32)))
                      (memory 1 4)
                      (global $g (mut i32) (i32.const 7))
                      (table 2 funcref) (elem (i32.const 0) $f $g)
                      (elem $p func $f)
                      (data (i32.const 16) "lockstep")
                      (data $d "passive bytes")
                      (func $f (export "f") (param i32) (result i32)
                        (block $a (block $b (br_table $a $b $a (local.get 0))))
                        (i32.add (local.get 0) (global.get $g)))
                      (func $g (export "g") (param i32) (result i32)
                        (call_indirect (type $t) (local.get 0) (i32.and (local.get 0) (i32.const 1)))))
                    """),
            withCustomSection(Wat.compile("(module (func (export \"call\")))"), "name", bytes(1, 4, 1, 0, 1, 'f')),
        };
        for (int i = 0; i < 1_500; i++) {
            byte[] base = valid[random.nextInt(valid.length)];
            byte[] claim = random.nextBoolean() ? BIG : HUGE;
            int at = 8 + random.nextInt(base.length - 8);
            byte[] mutated = random.nextBoolean() ? overwrite(base, at, claim) : insert(base, at, claim);
            Deploy deploy = deployMeasured(mutated);
            assertTrue(
                    deploy.allocated < ALLOCATION_BOUND,
                    "seed " + seed + " case " + i + ": allocated " + deploy.allocated + " bytes");
            assertTrue(deploy.result instanceof DeployResult, "seed " + seed + " case " + i + ": " + deploy.result);
        }
    }

    @Test
    void deepNestingIsRefusedOnASmallStack() throws InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        int depth = 200_000;
        for (int i = 0; i < depth; i++) {
            body.write(0x02);
            body.write(0x40);
        }
        for (int i = 0; i <= depth; i++) {
            body.write(0x0b);
        }
        byte[] module = withBody(body.toByteArray());
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        result.set(vm.deploy(module));
                    } catch (Throwable e) {
                        result.set(e);
                    }
                },
                "small-stack deploy",
                256 * 1024);
        thread.start();
        thread.join();
        DeployResult.Rejected rejected = assertInstanceOf(DeployResult.Rejected.class, result.get());
        assertEquals(RejectReason.LIMIT_EXCEEDED, rejected.reason(), rejected.message());
    }

    private static byte[] hostile(String shape, byte[] claim) {
        switch (shape) {
            case "custom section name":
                return sections(section(0, claim));
            case "name section entry":
                // custom sections are not decoded, so a nonsense name section is only bytes
                return withCustomSection(withBody(bytes(0, 0x0b)), "name", concat(bytes(0, 5), claim));
            case "export name":
                return sections(section(7, concat(bytes(1), claim)));
            case "active data segment":
                return sections(memory(), section(11, concat(bytes(1, 0, 0x41, 0, 0x0b), claim)));
            case "passive data segment":
                return sections(section(11, concat(bytes(1, 1), claim)));
            case "element function indices":
                return sections(table(), section(9, concat(bytes(1, 0, 0x41, 0, 0x0b), claim)));
            case "element expressions":
                return sections(table(), section(9, concat(bytes(1, 5, 0x70), claim)));
            case "br_table targets":
                return withBody(concat(bytes(0, 0x41, 0, 0x0e), claim, bytes(0, 0x0b)));
            case "typed select":
                return withBody(concat(bytes(0, 0x1c), claim, bytes(0x0b)));
            default:
                throw new IllegalArgumentException(shape);
        }
    }

    private record Deploy(Object result, long allocated) {}

    private static Deploy deployMeasured(byte[] module) {
        assumeAllocationMeasurable();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        DeployResult result = vm.deploy(module);
        return new Deploy(result, THREADS.getCurrentThreadAllocatedBytes() - before);
    }

    private static void assumeAllocationMeasurable() {
        assumeTrue(
                THREADS != null
                        && THREADS.isThreadAllocatedMemorySupported()
                        && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM does not measure a thread's allocation");
    }

    private static byte[] memory() {
        return section(5, bytes(1, 0, 1));
    }

    private static byte[] table() {
        return section(4, bytes(1, 0x70, 0, 1));
    }

    private static byte[] withBody(byte[] body) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(1);
        leb(code, body.length);
        code.writeBytes(body);
        return sections(section(1, bytes(1, 0x60, 0, 0)), section(3, bytes(1, 0)), section(10, code.toByteArray()));
    }

    private static byte[] withCustomSection(byte[] module, String name, byte[] payload) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        leb(content, name.length());
        content.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        content.writeBytes(payload);
        return concat(module, section(0, content.toByteArray()));
    }

    private static byte[] sections(byte[]... sections) {
        return concat(bytes(0, 'a', 's', 'm', 1, 0, 0, 0), concat(sections));
    }

    private static byte[] section(int id, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id);
        leb(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] overwrite(byte[] base, int at, byte[] claim) {
        byte[] out = base.clone();
        System.arraycopy(claim, 0, out, at, Math.min(claim.length, out.length - at));
        return out;
    }

    private static byte[] insert(byte[] base, int at, byte[] claim) {
        return concat(java.util.Arrays.copyOf(base, at), claim, java.util.Arrays.copyOfRange(base, at, base.length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}
