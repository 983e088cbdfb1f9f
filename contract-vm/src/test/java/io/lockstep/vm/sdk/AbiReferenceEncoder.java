package io.lockstep.vm.sdk;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Array;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;

/**
 * abi.encode by the Solidity specification's head/tail rules, driven by the Solidity type names, for the
 * arguments Web3j 4.12 encodes wrongly: a fixed-size array of a dynamic type ({@code string[2]},
 * {@code bytes[][2]}, {@code string[2][]}) is laid out inline instead of behind an offset (Web3j issue
 * 1841, fixed after 4.12.3). Single static words are still Web3j's; the round-trip tests check this encoder
 * against Web3j's on every type Web3j does encode correctly.
 */
final class AbiReferenceEncoder {

    private AbiReferenceEncoder() {}

    /** Whether Web3j 4.12.3 mis-encodes a value of {@code type}: it holds a fixed-size array of a dynamic type. */
    static boolean web3jMisencodes(String type) {
        if (!type.endsWith("]")) {
            return false;
        }
        String element = type.substring(0, type.lastIndexOf('['));
        return (!type.endsWith("[]") && isDynamic(element)) || web3jMisencodes(element);
    }

    static boolean isDynamic(String type) {
        if (type.endsWith("[]") || type.equals("bytes") || type.equals("string")) {
            return true;
        }
        return type.endsWith("]") && isDynamic(type.substring(0, type.lastIndexOf('[')));
    }

    /** The encoding of {@code values} as one tuple of {@code types}, as hex without {@code 0x}. */
    static String encode(List<String> types, List<? extends Type> values) {
        return HexFormat.of().formatHex(tuple(types, values));
    }

    private static byte[] tuple(List<String> types, List<? extends Type> values) {
        int headSize = 0;
        for (String type : types) {
            headSize += isDynamic(type) ? 32 : staticSize(type);
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        for (int i = 0; i < types.size(); i++) {
            byte[] encoded = value(types.get(i), values.get(i));
            if (isDynamic(types.get(i))) {
                head.writeBytes(word(BigInteger.valueOf(headSize + tail.size())));
                tail.writeBytes(encoded);
            } else {
                head.writeBytes(encoded);
            }
        }
        head.writeBytes(tail.toByteArray());
        return head.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static byte[] value(String type, Type value) {
        if (type.endsWith("]")) {
            String element = type.substring(0, type.lastIndexOf('['));
            List<Type> elements = ((Array<Type>) value).getValue();
            byte[] body = tuple(Collections.nCopies(elements.size(), element), elements);
            if (!type.endsWith("[]")) {
                return body;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(word(BigInteger.valueOf(elements.size())));
            out.writeBytes(body);
            return out.toByteArray();
        }
        if (value instanceof DynamicBytes bytes) {
            return lengthPrefixed(bytes.getValue());
        }
        if (value instanceof Utf8String text) {
            return lengthPrefixed(text.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().parseHex(TypeEncoder.encode(value));
    }

    private static int staticSize(String type) {
        if (type.endsWith("]")) {
            int open = type.lastIndexOf('[');
            return Integer.parseInt(type.substring(open + 1, type.length() - 1)) * staticSize(type.substring(0, open));
        }
        return 32;
    }

    private static byte[] lengthPrefixed(byte[] bytes) {
        byte[] out = new byte[32 + (bytes.length + 31) / 32 * 32];
        System.arraycopy(word(BigInteger.valueOf(bytes.length)), 0, out, 0, 32);
        System.arraycopy(bytes, 0, out, 32, bytes.length);
        return out;
    }

    private static byte[] word(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
