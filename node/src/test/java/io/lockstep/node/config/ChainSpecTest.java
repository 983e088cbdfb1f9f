package io.lockstep.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.vm.VmConfig;
import org.junit.jupiter.api.Test;

/**
 * The genesis defaults name the versions the VM runs. When the VM moves to a new cost table or kernel
 * set, this fails: the default must move with it on purpose, as a chain upgrade, not by accident.
 */
class ChainSpecTest {

    @Test
    void theVmVersionDefaultsAreTheVersionsTheVmRuns() {
        assertEquals(VmConfig.DEFAULT.costs().version(), ChainSpec.COST_SCHEDULE_VERSION);
        assertEquals(PreparedModel.KERNEL_SET, ChainSpec.NN_KERNEL_VERSION);
        assertEquals(PrepareOptions.DEFAULT.costTable().version(), ChainSpec.NN_COST_SCHEDULE_VERSION);
        assertEquals(
                new Genesis.Vm(
                        ChainSpec.INSTRUMENTATION_VERSION,
                        VmConfig.DEFAULT.costs().version(),
                        PreparedModel.KERNEL_SET,
                        PrepareOptions.DEFAULT.costTable().version()),
                Genesis.Vm.DEFAULT);
    }
}
