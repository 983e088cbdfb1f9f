package io.lockstep.vm.sdk;

import java.nio.file.Path;

/**
 * ABI round trips with Web3j for the AssemblyScript SDK: its codec fixture ({@code
 * sdk/assemblyscript/test/fixtures/codec}) built by the SDK's build script. Skipped without Node.js.
 */
class AbiRoundTripTest extends AbiRoundTripChecks {

    @Override
    Path buildFixture() {
        Path fixture = SdkBuild.repositoryRoot().resolve("sdk/assemblyscript/test/fixtures/codec");
        return SdkBuild.build(fixture).resolve("codec.wasm");
    }

    @Override
    String expectedReason(Malformed malformed) {
        return malformed.assemblyScript();
    }
}
