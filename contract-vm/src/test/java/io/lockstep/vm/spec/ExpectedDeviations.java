package io.lockstep.vm.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spec assertions the chain deliberately fails, read from {@code spec/expected-deviations.txt}:
 * lines of {@code script line reason}. A listed assertion that passes, or an unlisted one that fails,
 * fails the suite, so the list stays exactly as long as the truth.
 */
final class ExpectedDeviations {

    static final String RESOURCE = "/spec/expected-deviations.txt";

    private final Map<String, String> reasons;

    private ExpectedDeviations(Map<String, String> reasons) {
        this.reasons = reasons;
    }

    static ExpectedDeviations load() {
        InputStream in = ExpectedDeviations.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + RESOURCE);
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] parts = text.split("\\s+", 3);
                if (parts.length < 3 || !parts[1].chars().allMatch(Character::isDigit)) {
                    throw new IllegalStateException(
                            RESOURCE + ":" + number + ": expected 'script line reason', got '" + text + "'");
                }
                reasons.put(key(parts[0], Integer.parseInt(parts[1])), parts[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExpectedDeviations(reasons);
    }

    /** The listed reason for this assertion, or {@code null}. */
    String reason(String script, int line) {
        return reasons.get(key(script, line));
    }

    boolean listsScript(String script) {
        return reasons.keySet().stream().anyMatch(k -> k.startsWith(script + ":"));
    }

    private static String key(String script, int line) {
        return script + ":" + line;
    }
}
