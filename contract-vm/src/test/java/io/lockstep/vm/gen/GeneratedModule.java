package io.lockstep.vm.gen;

import io.lockstep.vm.ValueKind;
import io.lockstep.vm.WasmValue;
import java.util.List;

/**
 * A generated module and how to run it: call {@link #entry()} with {@link #args()}. The entry returns the
 * main function's results (floats passed through one NaN-producing operation, so every NaN among them
 * must be canonical) followed by an i64 digest of the globals and the first 256 bytes of memory.
 */
public record GeneratedModule(long seed, byte[] bytes, String entry, List<WasmValue> args, List<ValueKind> results) {

    public GeneratedModule {
        bytes = bytes.clone();
        args = List.copyOf(args);
        results = List.copyOf(results);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The arguments as the command line takes them: {@code i32:0x00000001 f64:0x7ff8000000000000}. */
    public String argsText() {
        StringBuilder text = new StringBuilder();
        for (WasmValue arg : args) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(arg);
        }
        return text.toString();
    }
}
