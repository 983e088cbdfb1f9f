package io.lockstep.nn.determinism;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.NnThreads;
import io.lockstep.nn.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden output hashes (and fuel) of fixed models: the same for repeated runs and for 1, 2 and 4
 * threads, and (because they are constants) on every JDK and JIT tier this test runs on. A change of
 * the hash is a change of kernel set; a change of the fuel alone is a change of the cost table.
 */
class DeterminismTest {
    static final Map<String, String> GOLDEN = Map.of(
            "mlp", "f66a344feabed9444ce3a3d79f6d12519debb96a7ef096c216c2daf77153169d fuel=259854872",
            "attention-block", "7d80890f6faa172759ff8492bff168c8f971b90fb59e9ec8a5d01b37539c3839 fuel=326180608",
            "integers", "89b336c45f3b1d4669f5b848b5bf964c2688570323e1842095db5749086f8ebe fuel=985559",
            "cnn", "5c85e4a1ae93423ad11c3d5c484d81b190b9d0d3900403f1569764169481c90e fuel=27153148",
            "transformer-block", "b671a5d1b05b531f500638ba6ce69e7fe6e3f3ed9a651180adaeaa2bb57148a6 fuel=82762672",
            "quantized", "eb2c5f98bba77a473e6e0f15013e02795b94d85eade2039af423cf9c06023726 fuel=29937260");

    @Test
    void goldenHashesForEveryThreadCount() {
        for (GoldenModels.Case c : GoldenModels.all()) {
            String expected = GOLDEN.get(c.name());
            RunResult first = c.model().run(c.inputs());
            String single = GoldenModels.digest(first.outputs(), first.fuelUsed());
            System.out.println(c.name() + " " + single);
            assertEquals(expected, single, c.name() + " on the calling thread");
            assertEquals(single, digestOf(c.model().run(c.inputs())), c.name() + " repeated");
            for (int threads : new int[] {1, 2, 4}) {
                try (NnThreads pool = NnThreads.create(threads)) {
                    for (int repeat = 0; repeat < 2; repeat++) {
                        assertEquals(
                                expected,
                                digestOf(c.model().run(c.inputs(), pool)),
                                c.name() + " on " + threads + " threads");
                    }
                }
            }
        }
    }

    private static String digestOf(RunResult r) {
        return GoldenModels.digest(r.outputs(), r.fuelUsed());
    }

    @Test
    void aFailingRunReportsTheLowestFailingUnitWhateverTheThreads() {
        long[] ids = new long[64];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 10;
        }
        ids[21] = 10; // out of range, in the second of four chunks
        ids[60] = -11; // out of range, in the fourth
        byte[] bytes = new io.lockstep.nn.testing.OnnxModelBuilder()
                .initializer("table", GoldenModels.randomFloats(7, 1f, 10, 1000))
                .input("ids", io.lockstep.nn.DType.INT64, 64)
                .node("Gather")
                .inputs("table", "ids")
                .outputs("rows")
                .add()
                .output("rows", io.lockstep.nn.DType.FLOAT, 64, 1000)
                .build();
        io.lockstep.nn.PreparedModel model =
                io.lockstep.nn.PreparedModel.prepare(io.lockstep.nn.OnnxModel.parse(bytes));
        Map<String, io.lockstep.nn.Tensor> inputs = Map.of("ids", io.lockstep.nn.Tensor.ofLongs(new int[] {64}, ids));
        String single = org.junit.jupiter.api.Assertions.assertThrows(
                        io.lockstep.nn.NnException.class, () -> model.run(inputs))
                .getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(single.contains("index 10 "), single);
        for (int threads : new int[] {2, 4}) {
            try (NnThreads pool = NnThreads.create(threads)) {
                String message = org.junit.jupiter.api.Assertions.assertThrows(
                                io.lockstep.nn.NnException.class, () -> model.run(inputs, pool))
                        .getMessage();
                assertEquals(single, message, threads + " threads");
            }
        }
    }
}
