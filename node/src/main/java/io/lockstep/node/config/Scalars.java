package io.lockstep.node.config;

import io.lockstep.core.chain.Address;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of each kind of field value, read from a scalar's text and written back. Integers are
 * decimal (no octal, no separators); the 256-bit amounts also take {@code 0x} hex; booleans are {@code
 * true} or {@code false}; durations and byte sizes carry a unit; addresses are hex in one case or EIP-55
 * mixed case.
 */
final class Scalars {

    static final BigInteger TWO_TO_THE_256 = BigInteger.ONE.shiftLeft(256);

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");
    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("([0-9]+) ?(B|KiB|MiB|GiB)?");

    private Scalars() {}

    /** A decimal 64-bit integer; the record that takes it checks its range, with the field's name. */
    static long int64(String text) {
        return inRange(decimal(text), Long.MIN_VALUE, Long.MAX_VALUE).longValue();
    }

    static int int32(String text) {
        return inRange(decimal(text), Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
    }

    /** An unsigned 256-bit integer in decimal or {@code 0x} hex: balances and fees. */
    static BigInteger uint256(String text) {
        BigInteger value;
        if (DECIMAL.matcher(text).matches()) {
            value = new BigInteger(text);
        } else if (HEX.matcher(text).matches()) {
            value = new BigInteger(text.substring(2), 16);
        } else {
            throw new ConfigException(null, "not a decimal or 0x-hex integer: '" + text + "'");
        }
        checkUint256(value);
        return value;
    }

    static void checkUint256(BigInteger value) {
        if (value.signum() < 0) {
            throw new ConfigException(null, "must not be negative, was " + value);
        }
        if (value.compareTo(TWO_TO_THE_256) >= 0) {
            throw new ConfigException(null, "must be less than 2^256, was " + value);
        }
    }

    static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(null, "expected true or false, got '" + text + "'");
        };
    }

    /**
     * {@code 0x} and 40 hex digits, in one case or in EIP-55 mixed case. A mixed-case address with a wrong
     * checksum is refused, not read as the lower-case one, so that a mistyped address is caught rather
     * than funded or made a validator.
     */
    static Address address(String text) {
        if (!text.startsWith("0x") && !text.startsWith("0X")) {
            throw notAnAddress(text);
        }
        String digits = text.substring(2);
        if (digits.length() != 2 * Address.LENGTH || !isHex(digits)) {
            throw notAnAddress(text);
        }
        Address address = Address.of(HexFormat.of().parseHex(digits));
        boolean oneCase =
                digits.equals(digits.toLowerCase(Locale.ROOT)) || digits.equals(digits.toUpperCase(Locale.ROOT));
        if (!oneCase && !address.toChecksumHex().substring(2).equals(digits)) {
            throw new ConfigException(
                    null,
                    "address " + text + " has a wrong EIP-55 checksum (mixed case must read " + address.toChecksumHex()
                            + "); check for a typo, or write it in lower case");
        }
        return address;
    }

    /** Whether every character is an ASCII hex digit, in either case. */
    static boolean isHex(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            // ASCII only: Character.digit would also take other scripts' digits, which are not hex.
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static ConfigException notAnAddress(String text) {
        return new ConfigException(null, "not an address: expected 0x and 40 hex digits, got '" + text + "'");
    }

    static String nonBlank(String text) {
        if (text.isBlank()) {
            throw new ConfigException(null, "must not be blank");
        }
        return text;
    }

    static Path path(String text) {
        nonBlank(text);
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigException(null, "not a valid path: " + e.getMessage());
        }
    }

    /** A duration with its unit: {@code 500ms}, {@code 1s}, {@code 2m}, {@code 1h}. */
    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new ConfigException(null, "not a duration such as 500ms, 1s or 2m: '" + text + "'");
        }
        long amount =
                inRange(new BigInteger(matcher.group(1)), 0, Integer.MAX_VALUE).longValue();
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The shortest form {@link #duration(String)} reads back: whole milliseconds are required. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis != 0) {
            return millis / 3_600_000 + "h";
        } else if (millis % 60_000 == 0 && millis != 0) {
            return millis / 60_000 + "m";
        } else if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    /** A byte count, plain or with a binary unit: {@code 131072}, {@code 128KiB}, {@code 5 MiB}. */
    static long byteSize(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            throw new ConfigException(null, "not a size such as 131072, 128KiB or 5MiB: '" + text + "'");
        }
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        int shift =
                switch (unit) {
                    case "KiB" -> 10;
                    case "MiB" -> 20;
                    case "GiB" -> 30;
                    default -> 0;
                };
        return inRange(new BigInteger(matcher.group(1)).shiftLeft(shift), 0, Long.MAX_VALUE)
                .longValue();
    }

    /** The largest binary unit that writes {@code bytes} exactly. */
    static String byteSize(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    private static BigInteger decimal(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new ConfigException(null, "not a decimal integer: '" + text + "'");
        }
        return new BigInteger(text);
    }

    private static BigInteger inRange(BigInteger value, long min, long max) {
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ConfigException(null, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
