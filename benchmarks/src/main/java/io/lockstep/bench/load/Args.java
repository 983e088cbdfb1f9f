package io.lockstep.bench.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line of {@code --name value}, {@code --name=value} and {@code --flag} options, read by name;
 * {@link #finish} refuses whatever no one asked for, so a misspelt option is an error, not a default.
 */
final class Args {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    /**
     * @param flags the options that take no value
     */
    Args(String[] args, Set<String> flags) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'; options are --name value");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            String value;
            if (flags.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "true";
            } else if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
    }

    boolean flag(String name) {
        read.add(name);
        return values.containsKey(name);
    }

    Optional<String> string(String name) {
        read.add(name);
        return Optional.ofNullable(values.get(name));
    }

    String string(String name, String otherwise) {
        return string(name).orElse(otherwise);
    }

    long longValue(String name, long otherwise, long min, long max) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return otherwise;
        }
        long value;
        try {
            value = Long.parseLong(text.get().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + text.get() + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + name + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    int intValue(String name, int otherwise, int min, int max) {
        return (int) longValue(name, otherwise, min, max);
    }

    /** A positive number such as {@code 1000} or {@code 2.5}; empty when absent. */
    Optional<Double> positive(String name) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        double value;
        try {
            value = Double.parseDouble(text.get());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": '" + text.get() + "' is not a number");
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageException("--" + name + ": must be a positive number, got " + text.get());
        }
        return Optional.of(value);
    }

    /** A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    Duration duration(String name, Duration otherwise) {
        Optional<String> text = string(name);
        return text.isEmpty() ? otherwise : parseDuration("--" + name, text.get());
    }

    static Duration parseDuration(String what, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException(what + ": '" + text + "' is not a duration such as 500ms, 30s, 2m or 1h");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis =
                switch (unit) {
                    case "ms" -> amount;
                    case "s" -> amount * 1_000;
                    case "m" -> amount * 60_000;
                    default -> amount * 3_600_000;
                };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    URI url(String name, String otherwise) {
        String text = string(name, otherwise);
        try {
            URI uri = new URI(text);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new UsageException("--" + name + ": expected an http://host:port/ URL, got '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--" + name + ": '" + text + "' is not a URL: " + e.getMessage());
        }
    }

    /** Fails on every option that was given but never read. */
    void finish(List<String> usage) {
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                throw new UsageException("unknown option --" + name + "\n" + String.join("\n", usage));
            }
        }
    }
}
