package io.lockstep.nn.internal.graph;

import io.lockstep.nn.internal.operator.Kernel;

/**
 * One node to run: its kernel, how many independent units it splits into, its fuel, and the slots of
 * its inputs and outputs (-1 for an absent optional one).
 */
record Step(String description, Kernel kernel, int units, long fuel, int[] inputSlots, int[] outputSlots) {}
