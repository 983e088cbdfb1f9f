package io.lockstep.vm.internal;

import com.dylibso.chicory.wasm.Parser;

/**
 * Keeps Chicory's {@code assert} statements off, whatever {@code -ea} flags the JVM was started with.
 * Chicory checks some invariants of its parser and runtime with {@code assert}: with assertions on, a
 * module it refuses as invalid without them (an {@code else} that follows no {@code if}, say) makes its
 * parser throw {@link AssertionError} instead. Whether a deploy fails its receipt or halts the validator
 * must not depend on a JVM flag, so every validator runs Chicory as it ships, without its assertions.
 *
 * <p>A class's assertion status is fixed when the class is initialized, so this must run before any
 * Chicory class is: the VM's entry points ({@code ContractVm}, {@link DeployPipeline}) call it from
 * their static initializers. Naming {@code Parser.class} loads the class without initializing it.
 */
public final class ChicoryAssertions {

    static {
        ClassLoader loader = Parser.class.getClassLoader();
        if (loader != null) {
            // The package setting covers its subpackages (wasm, runtime, compiler) and overrides -ea.
            loader.setPackageAssertionStatus("com.dylibso.chicory", false);
        }
    }

    private ChicoryAssertions() {}

    /** Turns Chicory's assertions off, once per class loader; does nothing on later calls. */
    public static void keepOff() {
        // The work is done by the static initializer, which the JVM runs exactly once.
    }
}
