package io.lockstep.node.cli;

import io.lockstep.vm.Engine;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --engine compiled|interpreter}. */
final class EngineConverter implements ITypeConverter<Engine> {

    @Override
    public Engine convert(String text) {
        try {
            return Engine.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The engine names as users type them, for help and shell completion. */
    static final class Names extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Names() {
            super(Arrays.stream(Engine.values())
                    .map(engine -> engine.name().toLowerCase(Locale.ROOT))
                    .toList());
        }
    }
}
