package io.lockstep.bench.load;

/** Told when the measured window starts and ends (the harness records a profile of the node over it). */
interface PhaseListener {

    PhaseListener NONE = new PhaseListener() {};

    default void windowStarts() {}

    default void windowEnds() {}
}
