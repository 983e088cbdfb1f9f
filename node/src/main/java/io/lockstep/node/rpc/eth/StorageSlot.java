package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcException;

/**
 * Ethereum's view of contract storage on this chain. A contract stores values under arbitrary byte keys
 * ({@code storage_write}); an Ethereum storage slot is the key of exactly 32 bytes, written as the 32-byte
 * big-endian number Ethereum tools send ({@code 0x0}, {@code 0x01} or 64 digits: any 0 to 64 hex digits,
 * left-padded with zeros). A value of at most 32 bytes reads as a 32-byte word, left-padded, as Ethereum
 * answers; an absent key reads as zero.
 */
final class StorageSlot {

    static final int LENGTH = 32;

    private StorageSlot() {}

    /** The 32-byte key a slot param names; {@code where} prefixes error messages ("param 1"). */
    static byte[] parse(JsonNode value, String where) {
        if (value == null || !value.isTextual()) {
            throw RpcException.invalidParams(where + ": expected a storage slot (0x and at most 64 hex digits), got "
                    + (value == null ? "nothing" : shortJson(value)));
        }
        String text = value.textValue();
        if (!text.startsWith("0x")) {
            throw RpcException.invalidParams(where + ": invalid hex in storage key: " + shortJson(value));
        }
        String digits = text.substring(2);
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (Character.digit(c, 16) < 0 || c > 'f') {
                throw RpcException.invalidParams(where + ": invalid hex in storage key: " + shortJson(value));
            }
        }
        if (digits.length() > 2 * LENGTH) {
            throw RpcException.invalidParams(
                    where + ": storage key too long (want at most 32 bytes): " + shortJson(value));
        }
        String padded = "0".repeat(2 * LENGTH - digits.length()) + digits;
        return Hex.parseData("0x" + padded.toLowerCase(java.util.Locale.ROOT));
    }

    /** A stored value as Ethereum shows a slot: left-padded to 32 bytes, zero when absent, whole when longer. */
    static String word(byte[] value) {
        if (value == null) {
            return Hex.data(new byte[LENGTH]);
        }
        if (value.length >= LENGTH) {
            return Hex.data(value);
        }
        byte[] word = new byte[LENGTH];
        System.arraycopy(value, 0, word, LENGTH - value.length, value.length);
        return Hex.data(word);
    }

    private static String shortJson(JsonNode value) {
        String json = value.toString();
        return json.length() <= 80 ? json : json.substring(0, 80) + "...";
    }
}
