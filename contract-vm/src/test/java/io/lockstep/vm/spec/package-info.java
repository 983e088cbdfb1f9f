/**
 * The WebAssembly spec suite (wast2json output in the shared test data) run through the contract VM's
 * instrumented pipeline on both engines: {@link io.lockstep.vm.spec.SpecSuiteTest} in the default test
 * run, {@link io.lockstep.vm.spec.SpecSuiteMain} for comparing JVMs and CPUs by digest, and
 * {@link io.lockstep.vm.spec.PlainChicorySpecMain} for what plain Chicory gets wrong without the
 * instrumentation. Deliberate differences from WebAssembly are listed in
 * {@code src/test/resources/spec/expected-deviations.txt}.
 */
package io.lockstep.vm.spec;
