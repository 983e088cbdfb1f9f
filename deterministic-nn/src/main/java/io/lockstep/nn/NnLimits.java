package io.lockstep.nn;

/**
 * Resource limits enforced while a model is parsed and prepared, so that a hostile model is refused
 * before it can make a validator allocate or compute without bound. Chain rules: every validator must
 * refuse exactly the same models.
 *
 * @param maxModelBytes size of the serialized model
 * @param maxNodes nodes in the graph
 * @param maxTensorElements elements of any single tensor: initializer, input, intermediate or output
 * @param maxIntermediateBytes bytes of all buffers planned for one run (inputs, intermediates, outputs)
 * @param maxRank dimensions of any tensor
 */
public record NnLimits(
        long maxModelBytes, int maxNodes, long maxTensorElements, long maxIntermediateBytes, int maxRank) {

    /** The limits of chain version 1. */
    public static final NnLimits DEFAULT = new NnLimits(
            512L * 1024 * 1024, // model bytes
            20_000, // nodes
            1L << 27, // elements per tensor (512 MiB of float)
            1L << 30, // bytes of planned buffers
            8); // rank

    public NnLimits {
        if (maxModelBytes <= 0 || maxNodes <= 0 || maxTensorElements <= 0 || maxIntermediateBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxTensorElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxTensorElements must fit a Java array");
        }
        if (maxRank < 1 || maxRank > 64) {
            throw new IllegalArgumentException("maxRank must be in 1..64");
        }
    }
}
