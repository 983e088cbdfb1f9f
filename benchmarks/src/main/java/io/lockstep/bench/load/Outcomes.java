package io.lockstep.bench.load;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What became of a lane's requests: how many were accepted, and the errors by kind. Messages are reduced
 * to their kind (numbers, addresses and hashes replaced) so that a thousand "nonce too low" errors are one
 * line. Thread-confined; {@link #merge} joins lanes after they stopped.
 */
final class Outcomes {

    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");
    private static final int MAX_KINDS = 50;

    private long accepted;
    private final Map<String, Long> errors = new TreeMap<>();

    void accepted() {
        accepted++;
    }

    void refused(String message) {
        count("refused: " + kind(message));
    }

    void transportError(Exception e) {
        count("transport: " + kind(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }

    private void count(String kind) {
        if (errors.size() >= MAX_KINDS && !errors.containsKey(kind)) {
            kind = "other";
        }
        errors.merge(kind, 1L, Long::sum);
    }

    static String kind(String message) {
        String text = message == null ? "" : message;
        text = HEX.matcher(text).replaceAll("0x…");
        text = NUMBER.matcher(text).replaceAll("N");
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    long acceptedCount() {
        return accepted;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Error kinds, most frequent first. */
    Map<String, Long> errors() {
        Map<String, Long> sorted = new LinkedHashMap<>();
        errors.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    static Outcomes merge(Iterable<Outcomes> parts) {
        Outcomes all = new Outcomes();
        for (Outcomes part : parts) {
            all.accepted += part.accepted;
            part.errors.forEach((kind, count) -> all.errors.merge(kind, count, Long::sum));
        }
        return all;
    }
}
