package io.lockstep.vm.sdk;

import java.lang.reflect.InvocationTargetException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.web3j.abi.datatypes.AbiTypes;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Array;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.BytesType;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.StaticArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;

/**
 * Web3j values of any Solidity type named by its canonical string ({@code uint8}, {@code string[2][]}, ...),
 * drawn from a seeded {@link Random} with a bias to the edges: zero, the maximum and, for signed types, the
 * minimum; empty arrays, strings and bytes; lengths either side of a 32-byte word; multibyte UTF-8.
 */
final class RandomAbiValues {

    /** Byte lengths around word boundaries, drawn half of the time. */
    private static final int[] EDGE_LENGTHS = {0, 1, 31, 32, 33, 63, 64, 65};

    /** Characters of 1 to 4 bytes in UTF-8, NUL included. */
    private static final String[] CHARACTERS = {"a", "Z", "0", " ", "\0", "é", "ß", "✓", "€", "😀", "𝄞"};

    private final Random random;

    RandomAbiValues(Random random) {
        this.random = random;
    }

    /** A value of {@code type}, its arrays at most {@code maxLength} long. */
    Type<?> value(String type, int maxLength) {
        return value(type, maxLength, false);
    }

    private Type<?> value(String type, int maxLength, boolean inArray) {
        if (type.endsWith("]")) {
            int open = type.lastIndexOf('[');
            String element = type.substring(0, open);
            String size = type.substring(open + 1, type.length() - 1);
            int length = size.isEmpty() ? arrayLength(maxLength) : Integer.parseInt(size);
            List<Type> elements = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                elements.add(value(element, maxLength, true));
            }
            Class<Type> elementClass = typeClass(element);
            return size.isEmpty() ? new DynamicArray<>(elementClass, elements) : staticArray(elementClass, elements);
        }
        if (type.startsWith("uint")) {
            return construct(type, BigInteger.class, unsigned(Integer.parseInt(type.substring(4))));
        }
        if (type.startsWith("int")) {
            return construct(type, BigInteger.class, signed(Integer.parseInt(type.substring(3))));
        }
        return switch (type) {
            case "address" -> new Address(new BigInteger(1, bytes(20)));
            case "bool" -> new Bool(random.nextBoolean());
            case "bytes" -> new DynamicBytes(bytes(length()));
            case "string" -> new Utf8String(inArray ? stringWeb3jCanPlaceInAnArray() : string());
            default -> construct(type, byte[].class, bytes(Integer.parseInt(type.substring(5))));
        };
    }

    /**
     * The value as text that names every element, for comparing what went in with what came out: Web3j's
     * own {@code equals} ignores nothing but compares arrays' declared element classes too.
     */
    static String describe(Type<?> value) {
        if (value instanceof Array<?> array) {
            StringBuilder text = new StringBuilder(array instanceof StaticArray ? "(" : "[");
            for (Type<?> element : array.getValue()) {
                text.append(describe(element)).append(',');
            }
            return text.append(array instanceof StaticArray ? ")" : "]").toString();
        }
        if (value instanceof BytesType bytes) {
            return value.getTypeAsString() + ":" + HexFormat.of().formatHex(bytes.getValue());
        }
        if (value instanceof Utf8String text) {
            return "string:"
                    + HexFormat.of().formatHex(text.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return value.getTypeAsString() + ":" + value.getValue();
    }

    /** The Web3j class of an element type, so that arrays report their Solidity type. */
    @SuppressWarnings("unchecked")
    static Class<Type> typeClass(String type) {
        if (type.endsWith("[]")) {
            return (Class<Type>) (Class<?>) DynamicArray.class;
        }
        if (type.endsWith("]")) {
            String size = type.substring(type.lastIndexOf('[') + 1, type.length() - 1);
            try {
                return (Class<Type>) Class.forName("org.web3j.abi.datatypes.generated.StaticArray" + size);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("no Web3j class for " + type, e);
            }
        }
        return (Class<Type>) AbiTypes.getType(type);
    }

    private int arrayLength(int maxLength) {
        // Empty arrays a third of the time, so that nested empties are common.
        return random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(maxLength);
    }

    private int length() {
        return random.nextBoolean() ? EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)] : random.nextInt(100);
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        switch (random.nextInt(4)) {
            case 0 -> {} // all zero
            case 1 -> java.util.Arrays.fill(bytes, (byte) 0xff);
            default -> random.nextBytes(bytes);
        }
        return bytes;
    }

    private String string() {
        int length = length();
        if (random.nextBoolean()) {
            // ASCII: the byte length is exactly the drawn one.
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) (' ' + random.nextInt(95)));
            }
            return text.toString();
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? randomCodePoint() : CHARACTERS[random.nextInt(CHARACTERS.length)]);
        }
        return text.toString();
    }

    /**
     * A string whose UTF-8 bytes fill as many 32-byte words as its UTF-16 chars would. Web3j 4.12 places
     * the strings of an array by {@code String.length()} (UTF-16 units), not by their UTF-8 length, so
     * any other string followed by another element gets wrong offsets; multibyte characters are kept
     * where that does not matter.
     */
    private String stringWeb3jCanPlaceInAnArray() {
        for (int attempt = 0; attempt < 100; attempt++) {
            String text = string();
            if (words(text.length()) == words(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)) {
                return text;
            }
        }
        return "ascii";
    }

    private static int words(int length) {
        return (length + 31) / 32;
    }

    /** Any Unicode scalar value: a code point that is not a surrogate. */
    private String randomCodePoint() {
        int codePoint;
        do {
            codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
        } while (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
        return new String(Character.toChars(codePoint));
    }

    private BigInteger unsigned(int bits) {
        BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return switch (random.nextInt(6)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> max;
            case 2 -> BigInteger.ONE.shiftLeft(bits - 1);
            default -> new BigInteger(1 + random.nextInt(bits), random);
        };
    }

    private BigInteger signed(int bits) {
        BigInteger min = BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        return switch (random.nextInt(7)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> max;
            case 2 -> min;
            case 3 -> BigInteger.ONE.negate();
            default -> {
                BigInteger magnitude = new BigInteger(1 + random.nextInt(bits - 1), random);
                yield random.nextBoolean() ? magnitude : magnitude.negate().subtract(BigInteger.ONE);
            }
        };
    }

    private static Type<?> construct(String type, Class<?> argument, Object value) {
        try {
            return AbiTypes.getType(type).getConstructor(argument).newInstance(value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot make a Web3j " + type, e);
        }
    }

    private static Type<?> staticArray(Class<Type> elementClass, List<Type> elements) {
        try {
            return (Type<?>) Class.forName("org.web3j.abi.datatypes.generated.StaticArray" + elements.size())
                    .getConstructor(Class.class, List.class)
                    .newInstance(elementClass, elements);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Web3j refused a static array", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("no Web3j static array of " + elements.size(), e);
        }
    }
}
