package io.lockstep.core.chain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that refuses what it cannot represent exactly, so that text written into a consensus encoding
 * reads back as the same string and the same bytes (the JDK's lenient coders substitute instead).
 */
public final class StrictUtf8 {

    private StrictUtf8() {}

    /** The UTF-8 bytes of {@code text}; an unpaired surrogate is an {@link IllegalArgumentException}. */
    public static byte[] encode(String text) {
        try {
            ByteBuffer buffer = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text is not representable in UTF-8 (unpaired surrogate)", e);
        }
    }

    /** The text {@code bytes} encode; bytes that are not well-formed UTF-8 are an {@link IllegalArgumentException}. */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("bytes are not well-formed UTF-8", e);
        }
    }
}
