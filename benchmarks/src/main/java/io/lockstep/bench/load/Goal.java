package io.lockstep.bench.load;

/** The node's throughput goals on the reference machine (2 cores, node and generator sharing them). */
final class Goal {

    private Goal() {}

    /** Included transactions or answered requests per second that the scenario should sustain. */
    static double of(Scenario scenario) {
        return switch (scenario) {
            case TRANSFERS -> 1_000;
            case CLASSIFY -> 200;
            case BLOCK_NUMBER -> 5_000;
            case CALL_VIEW, CALL_CLASSIFY -> 500;
        };
    }

    static String unit(Scenario scenario) {
        return scenario.writes() ? "tx/s" : "req/s";
    }
}
