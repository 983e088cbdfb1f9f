package io.lockstep.benchmarks;

import io.lockstep.nn.Tensor;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A model whose fuel is dominated by one price of the inference cost table, in two sizes (usually the
 * number of nodes in a chain, for the transfer probe the size of the tensor): the difference in time over
 * the difference in fuel is the time per fuel of that work alone, the run's fixed costs cancelling out,
 * as the contract VM's {@link FuelProbe}s do.
 *
 * @param name what the probe runs
 * @param price the {@code NnCostTable} component it calibrates
 * @param model the model and its inputs for a size
 * @param low the small size
 * @param high the large size
 * @param absolute whether only the large size runs and its whole time is divided by its whole fuel (the
 *     run's fixed cost is the work itself: nothing to subtract)
 */
record NnFuelProbe(String name, String price, IntFunction<Model> model, int low, int high, boolean absolute) {

    /** A probe model with one value for each graph input. */
    record Model(ModelGraph graph, Map<String, Tensor> inputs) {}
}
