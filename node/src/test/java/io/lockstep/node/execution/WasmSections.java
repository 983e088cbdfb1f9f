package io.lockstep.node.execution;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebAssembly binary as its header and sections, for tests that take modules apart and put them back
 * together wrong on purpose.
 */
final class WasmSections {

    static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};
    static final int CUSTOM = 0;
    static final int TYPE = 1;
    static final int IMPORT = 2;
    static final int FUNCTION = 3;
    static final int MEMORY = 5;
    static final int EXPORT = 7;
    static final int CODE = 10;
    static final int DATA = 11;

    /** One section: its id byte and its payload. */
    record Section(int id, byte[] payload) {}

    private WasmSections() {}

    /** The sections of a well-formed binary, in order. */
    static List<Section> split(byte[] module) {
        for (int i = 0; i < HEADER.length; i++) {
            if (module[i] != HEADER[i]) {
                throw new IllegalArgumentException("not a WebAssembly binary");
            }
        }
        List<Section> sections = new ArrayList<>();
        int at = HEADER.length;
        while (at < module.length) {
            int id = module[at++] & 0xff;
            long size = 0;
            int shift = 0;
            while (true) {
                int b = module[at++] & 0xff;
                size |= (long) (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            byte[] payload = new byte[(int) size];
            System.arraycopy(module, at, payload, 0, payload.length);
            at += payload.length;
            sections.add(new Section(id, payload));
        }
        return sections;
    }

    /** A binary of {@code sections} after the header, each with its size as a minimal LEB128. */
    static byte[] join(List<Section> sections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HEADER);
        for (Section section : sections) {
            out.writeBytes(encode(section));
        }
        return out.toByteArray();
    }

    /** One section as the binary holds it: id, size, payload. */
    static byte[] encode(Section section) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(section.id());
        out.writeBytes(leb(section.payload().length));
        out.writeBytes(section.payload());
        return out.toByteArray();
    }

    /** A custom section with {@code name} and {@code body} after it. */
    static Section custom(String name, byte[] body) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(leb(nameBytes.length));
        out.writeBytes(nameBytes);
        out.writeBytes(body);
        return new Section(CUSTOM, out.toByteArray());
    }

    /** The empty {@code lockstep.end} marker section, encoded. */
    static byte[] endMarker() {
        return encode(custom("lockstep.end", new byte[0]));
    }

    /** Unsigned LEB128, minimal. */
    static byte[] leb(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long v = value;
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out.toByteArray();
    }

    /** Unsigned LEB128 padded to {@code width} bytes: as valid as the minimal form while it fits 5 bytes. */
    static byte[] paddedLeb(long value, int width) {
        byte[] out = new byte[width];
        long v = value;
        for (int i = 0; i < width; i++) {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out[i] = (byte) (i < width - 1 ? b | 0x80 : b);
        }
        return out;
    }
}
