package io.lockstep.nn.internal.operator;

/**
 * Computes a node's outputs, split into independent units of work (for example output rows). The
 * executor may hand any contiguous range of units to any thread, so a kernel must compute every output
 * element of a unit the same way whatever the range: units never share an output element, a unit never
 * reads another unit's outputs, and a reduction that produces one output element is never split. That
 * is what makes results bit-identical for every thread count.
 */
@FunctionalInterface
public interface Kernel {
    /**
     * Computes units {@code [from, to)}.
     *
     * @param io the node's input and output arrays
     * @param scratch per-thread temporary arrays, contents unspecified on entry
     */
    void compute(KernelIo io, int from, int to, Scratch scratch);
}
