package io.lockstep.vm.sdk;

import org.junit.jupiter.api.Test;

/**
 * The AssemblyScript SDK's own tests ({@code npm test} in sdk/assemblyscript: Keccak-256 vectors, the ABI
 * codec, dispatcher and storage against ethers, the counter), run as part of the default test run so that
 * CI runs them. Skipped with a message without Node.js.
 */
class AssemblyScriptSdkNpmTest {

    @Test
    void npmTestPasses() {
        SdkBuild.npmTest();
    }
}
