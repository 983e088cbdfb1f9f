package io.lockstep.bench.load;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the generator asks of the node. */
enum Scenario {
    /** Native value transfers, 21,000 gas each. */
    TRANSFERS("transfers", true),
    /** {@code classify(uint16[4])} on the Iris classifier: a contract call that runs ONNX inference. */
    CLASSIFY("classify", true),
    /** {@code eth_blockNumber}: the cheapest read, what the transport and dispatch alone cost. */
    BLOCK_NUMBER("block-number", false),
    /** {@code eth_call} of the classifier's view {@code lastResult(address)}: a contract run per request. */
    CALL_VIEW("call-view", false),
    /**
     * {@code eth_call} of {@code classify(uint16[4])}, with measurements drawn from the seed: ONNX inference
     * per request, on inputs that vary from request to request.
     */
    CALL_CLASSIFY("call-classify", false);

    private final String wireName;
    private final boolean writes;

    Scenario(String wireName, boolean writes) {
        this.wireName = wireName;
        this.writes = writes;
    }

    String wireName() {
        return wireName;
    }

    /** Whether the scenario sends transactions (and is measured by inclusion) rather than reads. */
    boolean writes() {
        return writes;
    }

    /** Whether it needs the classifier's address. */
    boolean needsContract() {
        return this == CLASSIFY || this == CALL_VIEW || this == CALL_CLASSIFY;
    }

    static Scenario fromWireName(String name) {
        for (Scenario scenario : values()) {
            if (scenario.wireName.equals(name)) {
                return scenario;
            }
        }
        throw new UsageException("unknown scenario '" + name + "'; expected one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(Scenario::wireName).collect(Collectors.joining(", "));
    }
}
