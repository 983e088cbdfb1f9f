package io.lockstep.vm.internal;

import io.lockstep.vm.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the module of a deploy's data ends: right after its first custom section named {@value #NAME},
 * the bytes after it being the constructor input. Ethereum tools send {@code code ‖ abi.encode(args)},
 * and a WebAssembly module does not say its own length, so the marker says it.
 *
 * <p>The walk reads the binary header and section headers only (id byte, LEB128 size as the pipeline
 * reads it). It never refuses: data whose sections cannot be walked to a marker is all module, and the
 * pipeline then refuses it with the reason it would have had anyway. Where the module ends is consensus
 * (code gas is charged on it), so these rules are docs/spec/execution.md's, exactly.
 */
public final class ModuleEnd {

    /** The name of the custom section that ends a module. */
    public static final String NAME = "lockstep.end";

    private static final byte[] NAME_BYTES = NAME.getBytes(StandardCharsets.UTF_8);
    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    /** A marker section: where its name ends and where the section ends. */
    private record Marker(int nameEnd, int end) {}

    private ModuleEnd() {}

    /** The length of the module at the start of {@code data}: up to the first marker, or all of it. */
    public static int length(byte[] data) {
        Marker marker = firstMarker(data);
        return marker == null ? data.length : marker.end;
    }

    /**
     * Refuses a module that a deploy's data could not have produced: one with bytes after its marker (the
     * constructor input was not split off), or a marker with a payload after its name (kept free, so that
     * a later version of the marker can give a payload a meaning without changing deployed code's).
     */
    static void check(byte[] module) {
        Marker marker = firstMarker(module);
        if (marker == null) {
            return;
        }
        if (marker.end != module.length) {
            throw new ModuleRejectedException(
                    RejectReason.MALFORMED,
                    (module.length - marker.end) + " bytes follow the " + NAME
                            + " section; a deploy's constructor input is not part of its module");
        }
        if (marker.nameEnd != marker.end) {
            throw new ModuleRejectedException(
                    RejectReason.MALFORMED,
                    "the " + NAME + " section must be empty after its name, it has " + (marker.end - marker.nameEnd)
                            + " more bytes");
        }
    }

    private static Marker firstMarker(byte[] data) {
        if (data.length < HEADER.length || !Arrays.equals(data, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            return null;
        }
        ByteReader in = new ByteReader(data, HEADER.length, data.length);
        try {
            while (!in.atEnd()) {
                int id = in.u8();
                long size = in.u32();
                if (size > in.remaining()) {
                    return null;
                }
                int end = in.pos() + (int) size;
                if (id == ModuleLayout.CUSTOM) {
                    int nameEnd = markerNameEnd(data, in.pos(), end);
                    if (nameEnd >= 0) {
                        return new Marker(nameEnd, end);
                    }
                }
                in.skip(size);
            }
        } catch (ModuleRejectedException e) {
            // A malformed header: there is no marker to find, and the pipeline says what is wrong.
            return null;
        }
        return null;
    }

    /** Where the name of the custom section payload {@code [start, end)} ends if it is the marker's, else -1. */
    private static int markerNameEnd(byte[] data, int start, int end) {
        ByteReader name = new ByteReader(data, start, end);
        long length;
        try {
            length = name.u32();
        } catch (ModuleRejectedException e) {
            return -1;
        }
        if (length != NAME_BYTES.length || length > name.remaining()) {
            return -1;
        }
        int from = name.pos();
        return Arrays.equals(data, from, from + NAME_BYTES.length, NAME_BYTES, 0, NAME_BYTES.length)
                ? from + NAME_BYTES.length
                : -1;
    }
}
