package io.lockstep.nn.internal.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire format; fields come out in the order they are written. */
public final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public WireWriter varintField(int field, long value) {
        tag(field, WireReader.VARINT);
        varint(value);
        return this;
    }

    public WireWriter fixed32Field(int field, int value) {
        tag(field, WireReader.FIXED32);
        fixed32(value);
        return this;
    }

    public WireWriter floatField(int field, float value) {
        return fixed32Field(field, Float.floatToRawIntBits(value));
    }

    public WireWriter bytesField(int field, byte[] value) {
        tag(field, WireReader.LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    public WireWriter stringField(int field, String value) {
        return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public WireWriter messageField(int field, WireWriter message) {
        return bytesField(field, message.toByteArray());
    }

    /** A packed repeated int64/int32 field. */
    public WireWriter packedVarints(int field, long[] values) {
        WireWriter packed = new WireWriter();
        for (long v : values) {
            packed.varint(v);
        }
        return bytesField(field, packed.toByteArray());
    }

    /** A packed repeated float field. */
    public WireWriter packedFloats(int field, float[] values) {
        WireWriter packed = new WireWriter();
        for (float v : values) {
            packed.fixed32(Float.floatToRawIntBits(v));
        }
        return bytesField(field, packed.toByteArray());
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint((long) field << 3 | wireType);
    }

    private void varint(long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private void fixed32(int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
