package io.lockstep.node.state;

import io.lockstep.core.chain.Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the chain records about a registered model besides its bytes: who registered it, at which height,
 * its size, and the name it was registered under (empty when none).
 *
 * <p>Encoding: {@code 0x01} ‖ registrant (20) ‖ height (8) ‖ size (4) ‖ name length (2) ‖ UTF-8 name.
 */
public record ModelRecord(Address registrant, long height, int size, String name) {

    private static final byte FORMAT = 0x01;

    public ModelRecord {
        Objects.requireNonNull(registrant, "registrant");
        Objects.requireNonNull(name, "name");
    }

    public byte[] encode() {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 20 + 8 + 4 + 2 + utf8.length)
                .put(FORMAT)
                .put(registrant.bytes())
                .putLong(height)
                .putInt(size)
                .putShort((short) utf8.length)
                .put(utf8)
                .array();
    }

    public static ModelRecord decode(byte[] bytes) {
        if (bytes.length < 35 || bytes[0] != FORMAT) {
            throw new IllegalStateException("not a model record encoding (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        byte[] registrant = new byte[20];
        in.get(registrant);
        long height = in.getLong();
        int size = in.getInt();
        byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(name);
        return new ModelRecord(Address.of(registrant), height, size, new String(name, StandardCharsets.UTF_8));
    }
}
