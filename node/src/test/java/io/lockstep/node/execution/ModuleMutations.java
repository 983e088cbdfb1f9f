package io.lockstep.node.execution;

import io.lockstep.node.execution.WasmSections.Section;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Breaks real contract modules in the ways a hostile deployer would: structural changes to the sections
 * (duplicated, inserted, deleted, swapped, vector counts and section sizes that lie, renamed exports,
 * memory limits out of range, the {@code lockstep.end} marker where it does not belong), then byte flips,
 * insertions and truncations. Every change is named in the label, so that a failure says what was sent.
 */
final class ModuleMutations {

    /** A mutated module and how it was made. */
    record Mutant(byte[] bytes, String label) {}

    private static final int[] ODD_SECTION_IDS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0x7f, 0xff};
    private static final long[] ODD_COUNTS = {0, 1, 0xFFFF_FFFFL, 0x7FFF_FFFFL, 0x8000_0000L, 100_000, 65_536};
    private static final long[] ODD_PAGES = {0, 1, 2, 511, 512, 513, 65_535, 65_536, 65_537, 0xFFFF_FFFFL};
    private static final String[] EXPORT_NAMES = {"call", "deploy", "cal", "deploy ", "", "call\0", "memory", "start"};
    private static final String[] NEAR_MARKERS = {"lockstep.en", "lockstep.endd", "Lockstep.end", "lockstep_end"};

    private final Random random;

    ModuleMutations(Random random) {
        this.random = random;
    }

    /**
     * A changed module, never the module itself. A third are changed only in ways a module may survive
     * (custom sections and markers, renamed exports, memory limits, a start function, a padded section
     * size), so that odd but admissible modules get deployed and called; a quarter get one or two control
     * instructions where they do not belong, for the parser's structural checks; the rest get one to
     * three changes of any kind and, half the time, byte-level damage on top.
     */
    Mutant mutate(byte[] module, String name) {
        for (int attempt = 0; ; attempt++) {
            Mutant mutant = mutateOnce(module, name);
            if (!Arrays.equals(mutant.bytes(), module) || attempt == 8) {
                return mutant;
            }
        }
    }

    private Mutant mutateOnce(byte[] module, String name) {
        List<Section> sections = new ArrayList<>(WasmSections.split(module));
        StringBuilder label = new StringBuilder(name);
        int mode = random.nextInt(12);
        boolean survivable = mode < 4;
        boolean controlOnly = mode >= 4 && mode < 7;
        int changes = 1 + random.nextInt(survivable || controlOnly ? 2 : 3);
        for (int i = 0; i < changes; i++) {
            String change = survivable ? survivable(sections) : controlOnly ? control(sections) : structural(sections);
            label.append(' ').append(change);
        }
        if (controlOnly) {
            return new Mutant(WasmSections.join(sections), label.toString());
        }
        byte[] bytes = joinWithOddSize(sections, label, survivable);
        if (!survivable && random.nextBoolean()) {
            int damages = 1 + random.nextInt(2);
            for (int i = 0; i < damages; i++) {
                Mutant damaged = damage(bytes);
                bytes = damaged.bytes();
                label.append(' ').append(damaged.label());
            }
        }
        return new Mutant(bytes, label.toString());
    }

    /** A change that leaves a module admissible, or at least may. */
    private String survivable(List<Section> sections) {
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] body = randomBytes(random.nextInt(40));
                int at = random.nextInt(sections.size() + 1);
                sections.add(at, WasmSections.custom("c" + random.nextInt(100), body));
                return "custom(" + body.length + "b@" + at + ")";
            }
            case 1 -> {
                return renameExport(sections);
            }
            case 2 -> {
                return memoryLimits(sections);
            }
            case 3 -> {
                return start(sections);
            }
            default -> {
                return marker(sections);
            }
        }
    }

    private String structural(List<Section> sections) {
        int pick = random.nextInt(11);
        switch (pick) {
            case 0 -> {
                if (sections.isEmpty()) {
                    return "none";
                }
                int from = random.nextInt(sections.size());
                int to = random.nextInt(sections.size() + 1);
                sections.add(to, sections.get(from));
                return "dup(" + sections.get(to).id() + "@" + to + ")";
            }
            case 1 -> {
                int id = ODD_SECTION_IDS[random.nextInt(ODD_SECTION_IDS.length)];
                byte[] payload = randomBytes(random.nextInt(40));
                int at = random.nextInt(sections.size() + 1);
                sections.add(at, new Section(id, payload));
                return "insert(" + id + "," + payload.length + "b@" + at + ")";
            }
            case 2 -> {
                if (sections.isEmpty()) {
                    return "none";
                }
                Section removed = sections.remove(random.nextInt(sections.size()));
                return "delete(" + removed.id() + ")";
            }
            case 3 -> {
                if (sections.size() < 2) {
                    return "none";
                }
                int a = random.nextInt(sections.size());
                int b = random.nextInt(sections.size());
                Section first = sections.get(a);
                sections.set(a, sections.get(b));
                sections.set(b, first);
                return "swap(" + a + "," + b + ")";
            }
            case 4 -> {
                return lyingCount(sections);
            }
            case 5 -> {
                return renameExport(sections);
            }
            case 6 -> {
                return memoryLimits(sections);
            }
            case 7 -> {
                return start(sections);
            }
            case 8 -> {
                return control(sections);
            }
            default -> {
                return marker(sections);
            }
        }
    }

    /** A vector section whose leading count claims something else. */
    private String lyingCount(List<Section> sections) {
        List<Integer> vectors = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            int id = sections.get(i).id();
            if (id >= WasmSections.TYPE
                    && id <= WasmSections.DATA
                    && id != 8
                    && sections.get(i).payload().length > 0) {
                vectors.add(i);
            }
        }
        if (vectors.isEmpty()) {
            return "none";
        }
        int index = vectors.get(random.nextInt(vectors.size()));
        Section section = sections.get(index);
        byte[] payload = section.payload();
        int countBytes = lebLength(payload, 0);
        long count = ODD_COUNTS[random.nextInt(ODD_COUNTS.length)];
        byte[] encoded = random.nextInt(4) == 0 ? WasmSections.paddedLeb(count, 5) : WasmSections.leb(count);
        sections.set(
                index,
                new Section(section.id(), concat(encoded, Arrays.copyOfRange(payload, countBytes, payload.length))));
        return "count(" + section.id() + "=" + count + ")";
    }

    /** An export's name changed: call and deploy swapped, lost or near-missed. */
    private String renameExport(List<Section> sections) {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).id() != WasmSections.EXPORT) {
                continue;
            }
            byte[] payload = sections.get(i).payload();
            int at = lebLength(payload, 0);
            long count = readLeb(payload, 0);
            if (count == 0 || count > 64) {
                return "none";
            }
            int victim = random.nextInt((int) count);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(payload, 0, at);
            String renamed = "";
            for (int e = 0; e < count; e++) {
                if (at >= payload.length) {
                    return "none";
                }
                long nameLength = readLeb(payload, at);
                long nameStart = at + lebLength(payload, at);
                long kindAt = nameStart + nameLength;
                if (nameLength < 0 || kindAt + 1 >= payload.length) {
                    return "none";
                }
                int end = (int) kindAt + 1 + lebLength(payload, (int) kindAt + 1);
                if (e == victim) {
                    renamed = EXPORT_NAMES[random.nextInt(EXPORT_NAMES.length)];
                    byte[] name = renamed.getBytes(StandardCharsets.UTF_8);
                    out.writeBytes(WasmSections.leb(name.length));
                    out.writeBytes(name);
                    out.write(payload, (int) kindAt, end - (int) kindAt);
                } else {
                    out.write(payload, at, end - at);
                }
                at = end;
            }
            out.write(payload, at, payload.length - at);
            sections.set(i, new Section(WasmSections.EXPORT, out.toByteArray()));
            return "export(" + victim + "=\"" + renamed.replace("\0", "\\0") + "\")";
        }
        return "none";
    }

    /** The memory section replaced by one memory with limits at and past the chain's. */
    private String memoryLimits(List<Section> sections) {
        long min = ODD_PAGES[random.nextInt(ODD_PAGES.length)];
        boolean hasMax = random.nextBoolean();
        long max = ODD_PAGES[random.nextInt(ODD_PAGES.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(hasMax ? 1 : 0);
        out.writeBytes(WasmSections.leb(min));
        if (hasMax) {
            out.writeBytes(WasmSections.leb(max));
        }
        Section memory = new Section(WasmSections.MEMORY, out.toByteArray());
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).id() == WasmSections.MEMORY) {
                sections.set(i, memory);
                return "memory(" + min + (hasMax ? ".." + max : "..") + ")";
            }
        }
        return "none";
    }

    /**
     * A byte of the code section replaced by a control instruction ({@code block}, {@code loop}, {@code
     * if}, {@code else}, {@code end}, branches, {@code return}): bodies whose blocks do not nest, the
     * shapes a parser's structural checks exist for.
     */
    private String control(List<Section> sections) {
        byte[] opcodes = {0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            if (section.id() == WasmSections.CODE && section.payload().length > 4) {
                byte[] payload = section.payload().clone();
                int at = 3 + random.nextInt(payload.length - 3);
                payload[at] = opcodes[random.nextInt(opcodes.length)];
                sections.set(i, new Section(WasmSections.CODE, payload));
                return "control(" + at + "=" + payload[at] + ")";
            }
        }
        return "none";
    }

    /**
     * A start section naming one of the first functions: run at every instantiation when it is a
     * {@code () -> ()} function, refused otherwise.
     */
    private String start(List<Section> sections) {
        int function = random.nextInt(24);
        int at = 0;
        while (at < sections.size()
                && (sections.get(at).id() == WasmSections.CUSTOM
                        || sections.get(at).id() < 8)) {
            at++;
        }
        sections.add(at, new Section(8, WasmSections.leb(function)));
        return "start(" + function + ")";
    }

    /** The end marker, or something like it, where a deploy's module does not end. */
    private String marker(List<Section> sections) {
        int at = random.nextInt(sections.size() + 1);
        switch (random.nextInt(4)) {
            case 0 -> {
                sections.add(at, WasmSections.custom("lockstep.end", new byte[0]));
                return "marker@" + at;
            }
            case 1 -> {
                byte[] payload = randomBytes(1 + random.nextInt(8));
                sections.add(at, WasmSections.custom("lockstep.end", payload));
                return "marker+" + payload.length + "b@" + at;
            }
            case 2 -> {
                String name = NEAR_MARKERS[random.nextInt(NEAR_MARKERS.length)];
                sections.add(at, WasmSections.custom(name, new byte[0]));
                return "near-marker(" + name + ")@" + at;
            }
            default -> {
                sections.add(at, WasmSections.custom("lockstep.end", new byte[0]));
                sections.add(random.nextInt(sections.size() + 1), WasmSections.custom("lockstep.end", new byte[0]));
                return "two-markers";
            }
        }
    }

    /**
     * The sections joined, one of them (a quarter of the time) with a size that is padded, huge, overlong
     * or off by one; only padded when {@code survivable}.
     */
    private byte[] joinWithOddSize(List<Section> sections, StringBuilder label, boolean survivable) {
        if (sections.isEmpty() || random.nextInt(4) != 0) {
            return WasmSections.join(sections);
        }
        int odd = random.nextInt(sections.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WasmSections.HEADER);
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            if (i != odd) {
                out.writeBytes(WasmSections.encode(section));
                continue;
            }
            int length = section.payload().length;
            byte[] size;
            switch (survivable ? 0 : random.nextInt(5)) {
                case 0 -> {
                    size = WasmSections.paddedLeb(length, 5);
                    label.append(" size(padded)");
                }
                case 1 -> {
                    size = WasmSections.paddedLeb(0xFFFF_FFFFL, 5);
                    label.append(" size(2^32-1)");
                }
                case 2 -> {
                    size = new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
                    label.append(" size(overlong)");
                }
                case 3 -> {
                    size = WasmSections.leb(length + 1L);
                    label.append(" size(+1)");
                }
                default -> {
                    size = WasmSections.leb(Math.max(0, length - 1));
                    label.append(" size(-1)");
                }
            }
            out.write(section.id());
            out.writeBytes(size);
            out.writeBytes(section.payload());
        }
        return out.toByteArray();
    }

    /** Byte-level damage: flipped bits, odd bytes, inserted or appended bytes, or a truncation. */
    Mutant damage(byte[] bytes) {
        if (bytes.length == 0) {
            return new Mutant(randomBytes(1 + random.nextInt(16)), "random");
        }
        switch (random.nextInt(5)) {
            case 0 -> {
                byte[] out = bytes.clone();
                int flips = 1 + random.nextInt(4);
                StringBuilder where = new StringBuilder("flip(");
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(out.length);
                    out[at] ^= (byte) (1 << random.nextInt(8));
                    where.append(i == 0 ? "" : ",").append(at);
                }
                return new Mutant(out, where.append(')').toString());
            }
            case 1 -> {
                byte[] out = bytes.clone();
                int at = random.nextInt(out.length);
                byte[] odd = {0, (byte) 0xff, (byte) 0x80, 0x7f, 0x0b, 0x41};
                out[at] = odd[random.nextInt(odd.length)];
                return new Mutant(out, "set(" + at + "=" + (out[at] & 0xff) + ")");
            }
            case 2 -> {
                int at = random.nextInt(bytes.length + 1);
                byte[] inserted = randomBytes(1 + random.nextInt(8));
                byte[] out =
                        concat(concat(Arrays.copyOf(bytes, at), inserted), Arrays.copyOfRange(bytes, at, bytes.length));
                return new Mutant(out, "insert(" + inserted.length + "b@" + at + ")");
            }
            case 3 -> {
                byte[] tail = randomBytes(1 + random.nextInt(64));
                return new Mutant(concat(bytes, tail), "append(" + tail.length + "b)");
            }
            default -> {
                int length = random.nextInt(bytes.length);
                return new Mutant(Arrays.copyOf(bytes, length), "truncate(" + length + ")");
            }
        }
    }

    private byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static int lebLength(byte[] bytes, int at) {
        int i = at;
        while (i < bytes.length && (bytes[i] & 0x80) != 0) {
            i++;
        }
        return Math.min(i + 1, bytes.length) - at;
    }

    private static long readLeb(byte[] bytes, int at) {
        long value = 0;
        int shift = 0;
        for (int i = at; i < bytes.length && shift < 64; i++) {
            value |= (long) (bytes[i] & 0x7f) << shift;
            shift += 7;
            if ((bytes[i] & 0x80) == 0) {
                break;
            }
        }
        return value;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
