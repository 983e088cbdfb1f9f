package io.lockstep.node.rpc.conformance;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of string a response field holds: a hex quantity, hex data of a fixed or any length, a decimal number
 * or free text. The shape comparison requires our string to be of the same kind as the fixture's; the kind comes
 * from the schema pattern the fixture's string matched, or failing that from the string itself.
 */
sealed interface StringFormat {

    Pattern QUANTITY = Pattern.compile("^0x(0|[1-9a-f][0-9a-f]*)$");
    Pattern DATA = Pattern.compile("^0x([0-9a-f]{2})*$");
    Pattern HEX = Pattern.compile("^0x[0-9a-f]+$");
    Pattern MIXED_CASE_HEX = Pattern.compile("^0x[0-9a-fA-F]*$");
    Pattern DECIMAL = Pattern.compile("^(0|[1-9][0-9]*)$");
    Pattern FIXED_DATA_PATTERN = Pattern.compile("^\\^0x\\[0-9a-f(A-F)?]\\{(\\d+)}\\$$");
    Pattern BOUNDED_HEX_PATTERN = Pattern.compile("^\\^0x\\[0-9a-f]\\{0,(\\d+)}\\$$");

    boolean accepts(String value);

    /** The kind, as a violation names it. */
    String describe();

    /** A quantity: {@code 0x} and lowercase hex digits without leading zeros, {@code 0x0} for zero. */
    record Quantity() implements StringFormat {
        @Override
        public boolean accepts(String value) {
            return QUANTITY.matcher(value).matches();
        }

        @Override
        public String describe() {
            return "a quantity (0x, lowercase hex, no leading zeros)";
        }
    }

    /** Data of a fixed byte length: an address, a hash, a bloom filter. */
    record FixedData(int bytes, boolean mixedCase) implements StringFormat {
        @Override
        public boolean accepts(String value) {
            Pattern digits = mixedCase ? MIXED_CASE_HEX : DATA;
            return value.length() == 2 + 2 * bytes && digits.matcher(value).matches();
        }

        @Override
        public String describe() {
            return bytes + "-byte data";
        }
    }

    /** Data of any length: {@code 0x} and an even number of lowercase hex digits. */
    record Data() implements StringFormat {
        @Override
        public boolean accepts(String value) {
            return DATA.matcher(value).matches();
        }

        @Override
        public String describe() {
            return "data (0x and an even number of lowercase hex digits)";
        }
    }

    /** Hex of up to a number of digits, any count of them, as {@code bytesMax32} allows ({@code 0x0} included). */
    record BoundedHex(int maxDigits) implements StringFormat {
        @Override
        public boolean accepts(String value) {
            return value.length() <= 2 + maxDigits
                    && (value.equals("0x") || HEX.matcher(value).matches());
        }

        @Override
        public String describe() {
            return "hex of at most " + maxDigits + " digits";
        }
    }

    /** Hex whose kind the fixture's value alone cannot tell ({@code 0x1234}: a quantity or two bytes). */
    record AnyHex() implements StringFormat {
        @Override
        public boolean accepts(String value) {
            return HEX.matcher(value).matches();
        }

        @Override
        public String describe() {
            return "hex (0x and lowercase hex digits)";
        }
    }

    /** A decimal integer without leading zeros, as {@code net_version} returns. */
    record Decimal() implements StringFormat {
        @Override
        public boolean accepts(String value) {
            return DECIMAL.matcher(value).matches();
        }

        @Override
        public String describe() {
            return "a decimal integer";
        }
    }

    /** Anything else: a tag, a message, a name. Any string will do. */
    record Text() implements StringFormat {
        @Override
        public boolean accepts(String value) {
            return true;
        }

        @Override
        public String describe() {
            return "text";
        }
    }

    /** The kind a schema pattern prescribes, if it prescribes one (a literal such as {@code ^0x2$} does not). */
    static Optional<StringFormat> fromPattern(String regex) {
        if (regex.startsWith("^0x(0|[1-9a-f][0-9a-f]")) {
            return Optional.of(new Quantity());
        }
        Matcher fixed = FIXED_DATA_PATTERN.matcher(regex);
        if (fixed.matches() && Integer.parseInt(fixed.group(2)) % 2 == 0) {
            return Optional.of(new FixedData(Integer.parseInt(fixed.group(2)) / 2, fixed.group(1) != null));
        }
        if (regex.equals("^0x[0-9a-f]*$")) {
            return Optional.of(new Data());
        }
        Matcher bounded = BOUNDED_HEX_PATTERN.matcher(regex);
        if (bounded.matches()) {
            return Optional.of(new BoundedHex(Integer.parseInt(bounded.group(1))));
        }
        if (regex.equals(DECIMAL.pattern())) {
            return Optional.of(new Decimal());
        }
        return Optional.empty();
    }

    /**
     * The kind a fixture's string shows by itself: an odd number of digits is a quantity; 20, 32 and 256 bytes are
     * an address, a hash and a bloom filter; a leading zero digit or {@code 0x} alone is data; other hex could be
     * either.
     */
    static StringFormat guess(String value) {
        if (value.equals("0x")) {
            return new Data();
        }
        if (!HEX.matcher(value).matches()) {
            return DECIMAL.matcher(value).matches() ? new Decimal() : new Text();
        }
        int digits = value.length() - 2;
        if (digits % 2 == 1) {
            return new Quantity();
        }
        if (digits == 40 || digits == 64 || digits == 512) {
            return new FixedData(digits / 2, false);
        }
        return value.charAt(2) == '0' ? new Data() : new AnyHex();
    }

    /** What a string is, for a violation's message: "a quantity", "20-byte data", "text", .... */
    static String whatIs(String value) {
        if (QUANTITY.matcher(value).matches()) {
            return value.length() % 2 == 0 ? "a quantity or " + (value.length() - 2) / 2 + "-byte data" : "a quantity";
        }
        if (DATA.matcher(value).matches()) {
            return (value.length() - 2) / 2 + "-byte data";
        }
        if (HEX.matcher(value).matches()) {
            return "hex with an odd number of digits and a leading zero";
        }
        if (MIXED_CASE_HEX.matcher(value).matches()) {
            return "hex with uppercase digits";
        }
        return DECIMAL.matcher(value).matches() ? "a decimal integer" : "text";
    }

    /** A hex number written with leading zeros, which a quantity must not have. */
    static boolean hasLeadingZeros(String value) {
        return value.length() > 3
                && value.startsWith("0x0")
                && HEX.matcher(value).matches();
    }
}
