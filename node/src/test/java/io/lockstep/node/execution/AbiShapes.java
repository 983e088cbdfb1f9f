package io.lockstep.node.execution;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Random;

/**
 * Calldata that looks like the Solidity ABI: a selector and 32-byte words, the words that would be
 * offsets and lengths of dynamic arguments chosen to point before the head, past the end, off a word
 * boundary, or at numbers no array could have.
 */
final class AbiShapes {

    private static final BigInteger[] ODD_WORDS = {
        BigInteger.ZERO,
        BigInteger.ONE,
        BigInteger.valueOf(31),
        BigInteger.valueOf(32),
        BigInteger.valueOf(33),
        BigInteger.valueOf(64),
        BigInteger.valueOf(96),
        BigInteger.valueOf(0x7FFF_FFFFL),
        BigInteger.valueOf(0xFFFF_FFFFL),
        BigInteger.ONE.shiftLeft(32),
        BigInteger.ONE.shiftLeft(62).subtract(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(62),
        BigInteger.ONE.shiftLeft(63),
        BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(255),
        BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE),
    };

    private final Random random;

    AbiShapes(Random random) {
        this.random = random;
    }

    /** {@code registerModel(string,bytes)} encoded as Solidity does. */
    static byte[] register(byte[] name, byte[] model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ModelRegistryContract.REGISTER_SELECTOR);
        out.writeBytes(AbiCodec.uint(64));
        out.writeBytes(AbiCodec.uint(64 + 32 + padded(name.length)));
        writeDynamic(out, name);
        writeDynamic(out, model);
        return out.toByteArray();
    }

    /**
     * {@code selector} and one to eight words, each an odd number, an offset or length that fits the
     * data, or random bytes; then up to 96 bytes of tail.
     */
    byte[] wild(byte[] selector) {
        int words = 1 + random.nextInt(8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(selector);
        for (int i = 0; i < words; i++) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                out.writeBytes(word(ODD_WORDS[random.nextInt(ODD_WORDS.length)]));
            } else if (kind == 1) {
                out.writeBytes(AbiCodec.uint(32L * random.nextInt(words + 2) + (random.nextInt(4) == 0 ? 1 : 0)));
            } else {
                byte[] w = new byte[32];
                random.nextBytes(w);
                out.writeBytes(w);
            }
        }
        byte[] tail = new byte[random.nextInt(97)];
        random.nextBytes(tail);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    /** {@code registerModel} whose name or model claims a length other than the bytes it has. */
    byte[] lyingRegister(byte[] name, byte[] model) {
        byte[] good = register(name, model);
        int lengthWord = random.nextBoolean() ? 4 + 64 : 4 + 64 + 32 + padded(name.length);
        byte[] odd = word(ODD_WORDS[random.nextInt(ODD_WORDS.length)]);
        System.arraycopy(odd, 0, good, lengthWord, 32);
        return good;
    }

    private static void writeDynamic(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(AbiCodec.uint(value.length));
        out.writeBytes(value);
        out.writeBytes(new byte[padded(value.length) - value.length]);
    }

    private static int padded(int length) {
        return (length + 31) / 32 * 32;
    }

    private static byte[] word(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
