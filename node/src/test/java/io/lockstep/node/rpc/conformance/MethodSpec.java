package io.lockstep.node.rpc.conformance;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One method of the specification: its parameters, its result and the errors it declares.
 *
 * @param errors the method's own {@code errors} followed by those of the error groups it names
 */
record MethodSpec(String name, List<Param> params, Schema result, List<DeclaredError> errors) {

    MethodSpec {
        params = List.copyOf(params);
        errors = List.copyOf(errors);
    }

    /** A positional parameter. */
    record Param(String name, boolean required, Schema schema) {}

    /**
     * An error code a method may return.
     *
     * @param data the schema of the error's {@code data} member, where the specification gives one
     * @param declaredIn {@code method} or the name of the error group it comes from
     */
    record DeclaredError(int code, String message, Optional<Schema> data, String declaredIn) {}

    Set<Integer> errorCodes() {
        Set<Integer> codes = new TreeSet<>();
        errors.forEach(error -> codes.add(error.code()));
        return codes;
    }

    /** The first declaration of a code, the method's own before its groups'. */
    Optional<DeclaredError> error(int code) {
        return errors.stream().filter(error -> error.code() == code).findFirst();
    }
}
