/**
 * The deterministic contract VM: WebAssembly contracts deployed through an admission and
 * instrumentation pipeline and run on Chicory so that every validator reaches the same results, fuel
 * and traps on either engine, any JDK from 17 and any CPU.
 *
 * <p>Public API: {@link io.lockstep.vm.ContractVm} (deploy, construct, invoke, call),
 * {@link io.lockstep.vm.DeployData} (a deploy's module and constructor input), the sealed
 * {@link io.lockstep.vm.CallOutcome}, the chain rules {@link io.lockstep.vm.VmLimits} and
 * {@link io.lockstep.vm.CostTable}, the storage port {@link io.lockstep.vm.ContractStorage} and the
 * model port {@link io.lockstep.vm.ModelRegistry} that {@code wasi_ephemeral_nn} loads models through.
 * Everything else lives in {@code io.lockstep.vm.internal}. This module knows nothing of blocks or
 * accounts; it is the only module that imports Chicory.
 */
package io.lockstep.vm;
