package io.lockstep.node.rpc.conformance;

import java.util.List;

/**
 * A reusable set of error codes from {@code src/error-groups}, which a method names with {@code $ref:
 * '#/components/error-groups/<Name>'} under {@code error-groups}.
 */
record ErrorGroup(String name, List<MethodSpec.DeclaredError> errors) {

    static final String REF_PREFIX = "#/components/error-groups/";

    ErrorGroup {
        errors = List.copyOf(errors);
    }
}
