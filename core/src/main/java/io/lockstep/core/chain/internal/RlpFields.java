package io.lockstep.core.chain.internal;

import io.lockstep.core.chain.StrictUtf8;
import java.math.BigInteger;
import java.util.List;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/** Reads typed fields out of decoded RLP items, strictly; every failure names the field. */
public final class RlpFields {

    private RlpFields() {}

    /** The elements of {@code item}, which must be a list of exactly {@code count} elements. */
    public static List<RlpType> list(RlpType item, int count, String what) {
        List<RlpType> values = list(item, what);
        if (values.size() != count) {
            throw new RlpException(what + " has " + values.size() + " fields, expected " + count);
        }
        return values;
    }

    /** The elements of {@code item}, which must be a list. */
    public static List<RlpType> list(RlpType item, String what) {
        if (!(item instanceof RlpList list)) {
            throw new RlpException(what + " must be an RLP list, got a string");
        }
        return list.getValues();
    }

    /** The bytes of {@code item}, which must be a string (the array is Web3j's own: do not keep it). */
    public static byte[] bytes(RlpType item, String what) {
        if (!(item instanceof RlpString string)) {
            throw new RlpException(what + " must be an RLP string, got a list");
        }
        return string.getBytes();
    }

    /** A string of exactly {@code length} bytes. */
    public static byte[] fixed(RlpType item, int length, String what) {
        byte[] bytes = bytes(item, what);
        if (bytes.length != length) {
            throw new RlpException(what + " must be " + length + " bytes, got " + bytes.length);
        }
        return bytes.clone();
    }

    /** An unsigned integer in canonical form: no leading zero bytes, zero as the empty string. */
    public static BigInteger uint(RlpType item, String what) {
        byte[] bytes = bytes(item, what);
        if (bytes.length > 0 && bytes[0] == 0) {
            throw new RlpException(what + " is a non-canonical integer (leading zero byte)");
        }
        return new BigInteger(1, bytes);
    }

    /** A canonical unsigned integer of at most {@code maxBits} bits. */
    public static BigInteger uint(RlpType item, int maxBits, String what) {
        BigInteger value = uint(item, what);
        if (value.bitLength() > maxBits) {
            throw new RlpException(what + " is over 2^" + maxBits + ": " + value);
        }
        return value;
    }

    /** A canonical unsigned integer that fits a non-negative {@code long}. */
    public static long uint63(RlpType item, String what) {
        return uint(item, 63, what).longValueExact();
    }

    /** A UTF-8 string, strictly decoded. */
    public static String utf8(RlpType item, String what) {
        byte[] bytes = bytes(item, what);
        try {
            return StrictUtf8.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new RlpException(what + " is not valid UTF-8");
        }
    }
}
