package io.lockstep.vm.internal;

import io.lockstep.vm.RejectReason;
import io.lockstep.vm.VmLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The section structure of a module, read before Chicory sees it: every length is checked against the
 * bytes actually present and every count against the chain's limits, so that no hostile header can make
 * the parser allocate or loop on a number it was merely told. Also rejects, at the byte level, value and
 * type encodings of features the chain does not admit.
 */
final class ModuleLayout {

    static final int CUSTOM = 0;
    static final int TYPE = 1;
    static final int IMPORT = 2;
    static final int FUNCTION = 3;
    static final int TABLE = 4;
    static final int MEMORY = 5;
    static final int GLOBAL = 6;
    static final int EXPORT = 7;
    static final int START = 8;
    static final int ELEMENT = 9;
    static final int CODE = 10;
    static final int DATA = 11;
    static final int DATA_COUNT = 12;
    static final int TAG = 13;

    /** One section: its id and the byte range of its payload. */
    record Section(int id, int start, int end) {}

    /** One function body: the range after its size prefix, and where its instructions begin. */
    record Body(int start, int instructionsStart, int end, long declaredLocals) {}

    final List<Section> sections;
    final List<Body> bodies;

    private ModuleLayout(List<Section> sections, List<Body> bodies) {
        this.sections = sections;
        this.bodies = bodies;
    }

    Section section(int id) {
        for (Section s : sections) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }

    static ModuleLayout read(byte[] module, VmLimits limits) {
        if (module.length > limits.maxModuleBytes()) {
            throw new ModuleRejectedException(
                    RejectReason.LIMIT_EXCEEDED,
                    "module is " + module.length + " bytes, more than the limit " + limits.maxModuleBytes());
        }
        if (module.length < 8 || module[0] != 0 || module[1] != 'a' || module[2] != 's' || module[3] != 'm') {
            throw ByteReader.malformed("magic header not detected");
        }
        if (module[4] != 1 || module[5] != 0 || module[6] != 0 || module[7] != 0) {
            throw ByteReader.malformed("unknown binary version");
        }
        ByteReader in = new ByteReader(module, 8, module.length);
        List<Section> sections = new ArrayList<>();
        List<Body> bodies = new ArrayList<>();
        int lastRank = 0;
        while (!in.atEnd()) {
            int id = in.u8();
            long size = in.u32();
            if (size > in.remaining()) {
                throw ByteReader.malformed("section size mismatch: section " + id + " runs past the end");
            }
            int start = in.pos();
            int end = start + (int) size;
            if (id == TAG) {
                throw new ModuleRejectedException(
                        RejectReason.FEATURE_NOT_ALLOWED, "exception handling (tag section) is not admitted");
            }
            if (id > TAG) {
                throw ByteReader.malformed("malformed section id " + id);
            }
            if (id != CUSTOM) {
                int rank = rank(id);
                if (rank <= lastRank) {
                    throw ByteReader.malformed(
                            "unexpected content after last section: section " + id + " is duplicated or out of order");
                }
                lastRank = rank;
            }
            Section section = new Section(id, start, end);
            sections.add(section);
            checkSection(module, section, limits, bodies);
            in.skip(size);
        }
        return new ModuleLayout(List.copyOf(sections), List.copyOf(bodies));
    }

    /** Position of a section id in the order the binary format requires. */
    static int rank(int id) {
        switch (id) {
            case TYPE:
                return 1;
            case IMPORT:
                return 2;
            case FUNCTION:
                return 3;
            case TABLE:
                return 4;
            case MEMORY:
                return 5;
            case TAG:
                return 6;
            case GLOBAL:
                return 7;
            case EXPORT:
                return 8;
            case START:
                return 9;
            case ELEMENT:
                return 10;
            case DATA_COUNT:
                return 11;
            case CODE:
                return 12;
            case DATA:
                return 13;
            default:
                throw new IllegalArgumentException("no rank for section " + id);
        }
    }

    private static void checkSection(byte[] module, Section s, VmLimits limits, List<Body> bodies) {
        ByteReader in = new ByteReader(module, s.start, s.end);
        switch (s.id) {
            case TYPE:
                checkTypes(in, limits);
                break;
            case IMPORT:
                checkImports(in, limits);
                break;
            case FUNCTION:
                countWithin(in, limits.maxFunctions(), "function count");
                break;
            case TABLE:
                checkTables(in, limits);
                break;
            case MEMORY:
                checkMemories(in);
                break;
            case GLOBAL:
                countWithin(in, limits.maxGlobals(), "global count");
                break;
            case EXPORT:
                checkExports(in, limits);
                break;
            case ELEMENT:
                checkElements(in, limits);
                break;
            case DATA:
                checkData(in, limits);
                break;
            case CUSTOM:
                in.skip(in.u32()); // the name
                break;
            case CODE:
                readBodies(in, limits, bodies);
                break;
            default:
                break;
        }
    }

    /** Reads a vector count and checks it against both the limit and the bytes left (each item takes one). */
    private static int countWithin(ByteReader in, int limit, String what) {
        int count = in.u32AtMost(limit, what);
        if (count > in.remaining()) {
            throw ByteReader.malformed(what + " " + count + " does not fit in its section");
        }
        return count;
    }

    private static void checkTypes(ByteReader in, VmLimits limits) {
        int count = countWithin(in, limits.maxTypes(), "type count");
        for (int i = 0; i < count; i++) {
            int form = in.u8();
            if (form == 0x4E || form == 0x4F || form == 0x50 || form == 0x5E || form == 0x5F) {
                throw new ModuleRejectedException(
                        RejectReason.FEATURE_NOT_ALLOWED, "garbage-collection types are not admitted");
            }
            if (form != 0x60) {
                throw ByteReader.malformed("integer representation too long: type form 0x" + Integer.toHexString(form));
            }
            for (int part = 0; part < 2; part++) {
                int n = in.u32AtMost(limits.maxParamsOrResults(), part == 0 ? "parameter count" : "result count");
                for (int j = 0; j < n; j++) {
                    checkValueType(in.u8());
                }
            }
        }
    }

    /** Admits i32, i64, f32, f64; names the feature behind anything else. */
    static void checkValueType(int code) {
        switch (code) {
            case 0x7F:
            case 0x7E:
            case 0x7D:
            case 0x7C:
                return;
            case 0x7B:
                throw new ModuleRejectedException(RejectReason.FEATURE_NOT_ALLOWED, "SIMD (v128) is not admitted");
            case 0x70:
            case 0x6F:
                throw new ModuleRejectedException(
                        RejectReason.FEATURE_NOT_ALLOWED, "reference-typed values are not admitted");
            default:
                if (code >= 0x60 && code <= 0x74) {
                    throw new ModuleRejectedException(
                            RejectReason.FEATURE_NOT_ALLOWED, "garbage-collection or exception types are not admitted");
                }
                throw ByteReader.malformed("malformed value type 0x" + Integer.toHexString(code));
        }
    }

    private static void checkImports(ByteReader in, VmLimits limits) {
        int count = countWithin(in, limits.maxImports(), "import count");
        for (int i = 0; i < count; i++) {
            in.skip(in.u32()); // module name
            in.skip(in.u32()); // field name
            int kind = in.u8();
            switch (kind) {
                case 0:
                    in.u32();
                    break;
                case 1:
                    checkTableType(in, limits);
                    break;
                case 2:
                    checkMemoryLimits(in);
                    break;
                case 3:
                    checkValueType(in.u8());
                    in.u8();
                    break;
                case 4:
                    throw new ModuleRejectedException(
                            RejectReason.FEATURE_NOT_ALLOWED, "exception handling (tag import) is not admitted");
                default:
                    throw ByteReader.malformed("malformed import kind " + kind);
            }
        }
    }

    /*
     * Exports, element and data segments, and custom section names are walked to their ends because the
     * parser allocates each length or count it reads before it checks that the bytes are there: a module
     * of a few bytes could otherwise make it allocate gigabytes, and whether that fails would depend on
     * the validator's heap.
     */

    private static void checkExports(ByteReader in, VmLimits limits) {
        int count = countWithin(in, limits.maxExports(), "export count");
        for (int i = 0; i < count; i++) {
            in.skip(in.u32()); // name
            in.u8(); // kind
            in.u32(); // index
        }
    }

    private static void checkData(ByteReader in, VmLimits limits) {
        int count = countWithin(in, limits.maxDataSegments(), "data segment count");
        for (int i = 0; i < count; i++) {
            long mode = in.u32();
            if (mode == 2) {
                in.u32(); // memory index
            } else if (mode != 0 && mode != 1) {
                throw ByteReader.malformed("malformed data segment kind " + mode);
            }
            if (mode != 1) {
                skipConstant(in, "data segment " + i);
            }
            in.skip(in.u32()); // the bytes
        }
    }

    private static void checkElements(ByteReader in, VmLimits limits) {
        int count = countWithin(in, limits.maxElementSegments(), "element segment count");
        for (int i = 0; i < count; i++) {
            String what = "element segment " + i;
            long flags = in.u32();
            if (flags > 7) {
                throw ByteReader.malformed("malformed elements segment kind " + flags);
            }
            boolean passiveOrDeclarative = (flags & 1) != 0;
            boolean explicitTable = (flags & 2) != 0;
            boolean expressions = (flags & 4) != 0;
            if (!passiveOrDeclarative && explicitTable) {
                in.u32(); // table index
            }
            if (!passiveOrDeclarative) {
                skipConstant(in, what);
            }
            if (passiveOrDeclarative || explicitTable) {
                in.u8(); // element kind or reference type
            }
            int items = countWithin(in, Integer.MAX_VALUE, what + " item count");
            for (int j = 0; j < items; j++) {
                if (expressions) {
                    skipConstant(in, what);
                } else {
                    in.u32(); // function index
                }
            }
        }
    }

    /**
     * Skips a constant expression: the instructions a constant expression may hold (extended constants
     * included), up to its {@code end}. Any other instruction makes the module invalid, as validation
     * would find.
     */
    private static void skipConstant(ByteReader in, String where) {
        while (true) {
            int opcode = in.u8();
            switch (opcode) {
                case 0x0B: // end
                    return;
                case 0x41: // i32.const
                    in.skipSigned(5);
                    break;
                case 0x42: // i64.const
                    in.skipSigned(10);
                    break;
                case 0x43: // f32.const
                    in.skip(4);
                    break;
                case 0x44: // f64.const
                    in.skip(8);
                    break;
                case 0x23: // global.get
                case 0xD2: // ref.func
                    in.u32();
                    break;
                case 0xD0: // ref.null
                    in.u8();
                    break;
                case 0x6A: // i32.add, i32.sub, i32.mul, i64.add, i64.sub, i64.mul
                case 0x6B:
                case 0x6C:
                case 0x7C:
                case 0x7D:
                case 0x7E:
                    break;
                default:
                    throw new ModuleRejectedException(
                            RejectReason.INVALID,
                            "constant expression required: opcode 0x" + Integer.toHexString(opcode)
                                    + " in the initializer of " + where);
            }
        }
    }

    private static void checkTables(ByteReader in, VmLimits limits) {
        int count = atMostOne(in, "multiple tables (reference types)");
        for (int i = 0; i < count; i++) {
            checkTableType(in, limits);
        }
    }

    /** A table or memory count: more than one is a feature the chain does not admit, not a size limit. */
    private static int atMostOne(ByteReader in, String feature) {
        long count = in.u32();
        if (count > 1) {
            throw new ModuleRejectedException(RejectReason.FEATURE_NOT_ALLOWED, feature + " are not admitted");
        }
        return (int) count;
    }

    private static void checkTableType(ByteReader in, VmLimits limits) {
        int refType = in.u8();
        if (refType == 0x40) {
            throw new ModuleRejectedException(
                    RejectReason.FEATURE_NOT_ALLOWED, "tables with initializers are not admitted");
        }
        if (refType != 0x70) {
            throw new ModuleRejectedException(RejectReason.FEATURE_NOT_ALLOWED, "only funcref tables are admitted");
        }
        int flags = in.u8();
        if (flags > 1) {
            throw new ModuleRejectedException(
                    RejectReason.FEATURE_NOT_ALLOWED, "shared or 64-bit tables are not admitted");
        }
        in.u32AtMost(limits.maxTableSize(), "table size");
        if (flags == 1) {
            in.u32();
        }
    }

    private static void checkMemories(ByteReader in) {
        int count = atMostOne(in, "multiple memories");
        for (int i = 0; i < count; i++) {
            checkMemoryLimits(in);
        }
    }

    private static void checkMemoryLimits(ByteReader in) {
        int flags = in.u8();
        if (flags == 2 || flags == 3) {
            throw new ModuleRejectedException(
                    RejectReason.FEATURE_NOT_ALLOWED, "shared memory (threads) is not admitted");
        }
        if (flags > 3) {
            throw new ModuleRejectedException(
                    RejectReason.FEATURE_NOT_ALLOWED, "64-bit or custom-page memories are not admitted");
        }
        in.u32();
        if (flags == 1) {
            in.u32();
        }
    }

    private static void readBodies(ByteReader in, VmLimits limits, List<Body> bodies) {
        int count = countWithin(in, limits.maxFunctions(), "function body count");
        for (int i = 0; i < count; i++) {
            long size = in.u32();
            if (size > in.remaining()) {
                throw ByteReader.malformed("function body " + i + " runs past its section");
            }
            if (size > limits.maxFunctionBodyBytes()) {
                throw new ModuleRejectedException(
                        RejectReason.LIMIT_EXCEEDED,
                        "function body " + i + " is " + size + " bytes, more than the limit "
                                + limits.maxFunctionBodyBytes());
            }
            int start = in.pos();
            int end = start + (int) size;
            ByteReader body = new ByteReader(inBytes(in), start, end);
            long groups = body.u32();
            long locals = 0;
            for (long g = 0; g < groups; g++) {
                long n = body.u32();
                locals += n;
                if (locals > limits.maxLocalsPerFunction()) {
                    throw new ModuleRejectedException(
                            RejectReason.LIMIT_EXCEEDED,
                            "function body " + i + " declares more than " + limits.maxLocalsPerFunction() + " locals");
                }
                checkValueType(body.u8());
            }
            bodies.add(new Body(start, body.pos(), end, locals));
            in.skip(size);
        }
    }

    private static byte[] inBytes(ByteReader in) {
        return in.source();
    }
}
