package io.lockstep.core.chain.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * Reads exactly one RLP item and accepts only its canonical encoding, into Web3j's item types.
 *
 * <p>Web3j's own {@code RlpDecoder} is lenient where Ethereum clients are not: it accepts a byte below
 * 0x80 wrapped as a one-byte string ({@code 0x81 0x05}), a short string in long form ({@code 0xb8 0x01
 * 0x05}), lengths with leading zero bytes, and items after the first, and it recurses without a bound.
 * Two encodings of one transaction would give two hashes for the same signed content, so this reader
 * refuses all of those, bounds nesting and checks every length against its enclosing list.
 */
public final class RlpReader {

    /** Deepest list nesting accepted; the deepest structure the chain encodes needs four. */
    public static final int MAX_DEPTH = 16;

    private final byte[] in;
    private int pos;

    private RlpReader(byte[] in, int pos) {
        this.in = in;
        this.pos = pos;
    }

    /**
     * The single item that {@code bytes} encode.
     *
     * @throws RlpException if the bytes are empty, truncated, not canonical, nested deeper than {@link
     *     #MAX_DEPTH}, or followed by anything
     */
    public static RlpType decode(byte[] bytes) {
        return decode(bytes, 0);
    }

    /** As {@link #decode(byte[])}, for the item that starts at {@code offset} and ends the array. */
    public static RlpType decode(byte[] bytes, int offset) {
        if (offset >= bytes.length) {
            throw new RlpException("empty input: expected an RLP item");
        }
        RlpReader reader = new RlpReader(bytes, offset);
        RlpType item = reader.item(bytes.length, 0);
        if (reader.pos != bytes.length) {
            throw new RlpException(
                    (bytes.length - reader.pos) + " trailing bytes after the RLP item at offset " + reader.pos);
        }
        return item;
    }

    private RlpType item(int limit, int depth) {
        if (pos >= limit) {
            throw new RlpException("truncated: expected an RLP item at offset " + pos);
        }
        int start = pos;
        int prefix = in[pos] & 0xFF;
        if (prefix < 0x80) {
            pos++;
            return RlpString.create(new byte[] {(byte) prefix});
        }
        if (prefix < 0xC0) {
            boolean shortForm = prefix <= 0xB7;
            int length = shortForm ? prefix - 0x80 : longLength(prefix - 0xB7, limit);
            if (shortForm) {
                pos++;
            }
            require(length, limit, start);
            if (length == 1 && (in[pos] & 0xFF) < 0x80) {
                throw new RlpException(
                        "non-canonical RLP at offset " + start + ": a single byte below 0x80 is its own encoding");
            }
            byte[] value = Arrays.copyOfRange(in, pos, pos + length);
            pos += length;
            return RlpString.create(value);
        }
        if (depth == MAX_DEPTH) {
            throw new RlpException("RLP lists nested deeper than " + MAX_DEPTH + " at offset " + start);
        }
        boolean shortForm = prefix <= 0xF7;
        int length = shortForm ? prefix - 0xC0 : longLength(prefix - 0xF7, limit);
        if (shortForm) {
            pos++;
        }
        require(length, limit, start);
        int end = pos + length;
        List<RlpType> items = new ArrayList<>();
        while (pos < end) {
            items.add(item(end, depth + 1));
        }
        return new RlpList(items);
    }

    /** Reads a long-form length of {@code lengthOfLength} bytes after the prefix, leaving pos after it. */
    private int longLength(int lengthOfLength, int limit) {
        int start = pos;
        if ((long) pos + 1 + lengthOfLength > limit) {
            throw new RlpException("truncated RLP length at offset " + start);
        }
        if (in[pos + 1] == 0) {
            throw new RlpException("non-canonical RLP at offset " + start + ": length with a leading zero byte");
        }
        if (lengthOfLength > 4) {
            throw new RlpException("RLP length over 2^31 at offset " + start);
        }
        long length = 0;
        for (int i = 1; i <= lengthOfLength; i++) {
            length = (length << 8) | (in[pos + i] & 0xFF);
        }
        if (length > Integer.MAX_VALUE) {
            throw new RlpException("RLP length over 2^31 at offset " + start);
        }
        if (length <= 55) {
            throw new RlpException("non-canonical RLP at offset " + start + ": length " + length
                    + " in long form (55 or less has a short form)");
        }
        pos += 1 + lengthOfLength;
        return (int) length;
    }

    private void require(int length, int limit, int start) {
        if ((long) pos + length > limit) {
            throw new RlpException("truncated: the RLP item at offset " + start + " claims " + length + " bytes, "
                    + (limit - pos) + " remain");
        }
    }
}
