/**
 * The VM's machinery: byte-level pre-scan ({@code ModuleLayout}), the instruction whitelist, the
 * {@code Instrumenter} that injects fuel, NaN canonicalization and the depth budget, the host ABI, and
 * execution on big-stack threads. Not an API: the node and tests outside this module use
 * {@code io.lockstep.vm}.
 */
package io.lockstep.vm.internal;
