/**
 * Determinism checks of the contract VM on generated modules: the two Chicory engines against each other
 * ({@link io.lockstep.vm.determinism.DifferentialTest}) and this JVM against other JDKs and an emulated
 * ARM64 JVM ({@link io.lockstep.vm.determinism.CrossJvmDeterminismTest}, through the
 * {@link io.lockstep.vm.determinism.DeterminismProbe} main).
 */
package io.lockstep.vm.determinism;
