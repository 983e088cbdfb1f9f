package io.lockstep.node.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --input NAME=FILE.pb}: a graph input and the TensorProto file that holds its value. */
record TensorFileArgument(String name, Path file) {

    static final class Converter implements ITypeConverter<TensorFileArgument> {
        @Override
        public TensorFileArgument convert(String text) {
            int equals = text.indexOf('=');
            if (equals <= 0 || equals == text.length() - 1) {
                throw new TypeConversionException(
                        "'" + text + "' is not NAME=FILE.pb (a graph input's name and a TensorProto file)");
            }
            return new TensorFileArgument(text.substring(0, equals), Path.of(text.substring(equals + 1)));
        }
    }
}
