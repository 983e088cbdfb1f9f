package io.lockstep.node.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --fuel N}: a non-negative decimal number; underscores may group digits ({@code 10_000_000}). */
final class FuelConverter implements ITypeConverter<Long> {

    private static final Pattern DIGITS = Pattern.compile("\\d+(_+\\d+)*");

    @Override
    public Long convert(String text) {
        if (!DIGITS.matcher(text).matches()) {
            throw new TypeConversionException("'" + text + "' is not a non-negative whole number");
        }
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is more than the largest fuel " + Long.MAX_VALUE);
        }
    }
}
