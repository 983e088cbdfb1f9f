package io.lockstep.benchmarks;

import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model's time goes, node by node, on both engines: every node is cut out into a model of its
 * own (its constants kept, its other inputs fed with the values a full run of ours produced) and timed
 * alone, one thread, in turns with ONNX Runtime. Only public API on both sides; the price is that a
 * node runs without the fusions ORT applies across nodes and with its own run overhead, so the sum of
 * the nodes is compared with the whole model's time in the report.
 */
final class NodeProfile {

    /** One node's median time alone on each engine. */
    record NodeTime(String opType, String output, long macs, Samples ours, Samples ort) {}

    private NodeProfile() {}

    static List<NodeTime> measure(InferenceWorkload workload, boolean quick) throws Exception {
        ModelGraph graph = workload.graph();
        Map<String, Tensor> values = new HashMap<>(graph.constants());
        values.putAll(workload.inputs());
        PreparedModel everything =
                PreparedModel.prepare(graph.withEveryValueAsOutput().toOnnx(), PrepareOptions.DEFAULT);
        values.putAll(everything.run(workload.inputs()).outputs());
        List<NodeTime> times = new ArrayList<>();
        List<ModelGraph.Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            ModelGraph.Node node = nodes.get(i);
            ModelGraph single = graph.singleNode(i, values);
            byte[] bytes = single.toOnnx();
            Map<String, Tensor> inputs = new HashMap<>();
            for (ModelGraph.Value v : single.inputs()) {
                inputs.put(v.name(), values.get(v.name()));
            }
            PreparedModel ours = PreparedModel.prepare(bytes, PrepareOptions.DEFAULT);
            try (OnnxRuntimeSession ort = new OnnxRuntimeSession(bytes, 1, inputs)) {
                List<Samples> s = Sampler.perNode(quick)
                        .measureInTurns(List.of(() -> ours.run(inputs).outputs().size(), ort::timedRun));
                times.add(new NodeTime(node.opType(), node.output(), macs(node, values), s.get(0), s.get(1)));
            }
        }
        return times;
    }

    /** MACs of a MatMul or Conv node from the shapes of its values; 0 for other nodes. */
    private static long macs(ModelGraph.Node node, Map<String, Tensor> values) {
        Tensor out = values.get(node.output());
        return switch (node.opType()) {
            case "MatMul" -> {
                int[] a = values.get(node.inputs().get(0)).shape();
                yield (long) out.size() * a[a.length - 1];
            }
            case "Conv", "Gemm" -> {
                // Both weights are [outputs, ...inputs per output] here (Gemm with transB).
                int[] w = values.get(node.inputs().get(1)).shape();
                long perOutput = 1;
                for (int d = 1; d < w.length; d++) {
                    perOutput *= w[d];
                }
                yield out.size() * perOutput;
            }
            default -> 0;
        };
    }
}
