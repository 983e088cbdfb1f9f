/**
 * A seeded generator of valid WebAssembly modules for differential and cross-JVM determinism tests.
 *
 * <p>Modules are written by our own binary encoder ({@link io.lockstep.vm.gen.ModuleEncoder}) from code that
 * {@link io.lockstep.vm.gen.FunctionGenerator} builds type-directed, so every module validates by
 * construction; the same seed gives the same bytes on every JVM, because the generator uses its own
 * pseudo-random sequence ({@link io.lockstep.vm.gen.SeededRandom}) and no hash-ordered collections.
 */
package io.lockstep.vm.gen;
