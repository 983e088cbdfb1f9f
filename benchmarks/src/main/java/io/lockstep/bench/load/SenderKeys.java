package io.lockstep.bench.load;

import io.lockstep.node.config.DevAccounts;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code --senders}: {@code N} (dev accounts 0 to N-1), {@code A-B} (dev accounts A to B), a
 * comma-separated list of {@code 0x} private keys, or {@code @FILE} (one {@code 0x} key a line, {@code #}
 * comments). Dev account keys are derived as {@code lockstep dev} derives them, so the generator needs no
 * key file against a dev chain.
 */
final class SenderKeys {

    private static final Pattern COUNT = Pattern.compile("\\d+");
    private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");
    private static final Pattern KEY = Pattern.compile("0x[0-9a-fA-F]{1,64}");
    private static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private SenderKeys() {}

    static List<BigInteger> parse(String spec) {
        String text = spec.trim();
        if (COUNT.matcher(text).matches()) {
            int count = Integer.parseInt(text);
            return devRange(0, count - 1, spec);
        }
        Matcher range = RANGE.matcher(text);
        if (range.matches()) {
            return devRange(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)), spec);
        }
        if (text.startsWith("@")) {
            return fromFile(Path.of(text.substring(1)));
        }
        List<BigInteger> keys = new ArrayList<>();
        for (String part : text.split(",")) {
            keys.add(key(part.trim(), "--senders"));
        }
        return keys;
    }

    /** The private key of dev account {@code index} (the same derivation as the node's). */
    static BigInteger devKey(int index) {
        return DevAccounts.privateKey(index);
    }

    private static List<BigInteger> devRange(int first, int last, String spec) {
        if (last < first) {
            throw new UsageException("--senders " + spec + ": no accounts in that range");
        }
        if (last - first >= 100_000) {
            throw new UsageException("--senders " + spec + ": at most 100000 senders");
        }
        List<BigInteger> keys = new ArrayList<>(last - first + 1);
        for (int i = first; i <= last; i++) {
            keys.add(devKey(i));
        }
        return keys;
    }

    private static List<BigInteger> fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UsageException("--senders @" + file + ": cannot read it: " + e.getMessage());
        }
        List<BigInteger> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.isEmpty() && !line.startsWith("#")) {
                keys.add(key(line, file + ":" + (i + 1)));
            }
        }
        if (keys.isEmpty()) {
            throw new UsageException("--senders @" + file + ": the file holds no keys");
        }
        return keys;
    }

    static BigInteger key(String text, String where) {
        if (!KEY.matcher(text).matches()) {
            throw new UsageException(where + ": expected a sender count, a range A-B of dev accounts, @FILE or 0x"
                    + " private keys, got '" + (text.length() > 12 ? text.substring(0, 12) + "..." : text) + "'");
        }
        BigInteger key = new BigInteger(text.substring(2), 16);
        if (key.signum() == 0 || key.compareTo(CURVE_ORDER) >= 0) {
            throw new UsageException(where + ": not a secp256k1 private key (must be 1 to n-1)");
        }
        return key;
    }
}
