package io.lockstep.nn.internal.graph;

import io.lockstep.nn.DType;
import io.lockstep.nn.NamedTensor;
import io.lockstep.nn.NnCostTable;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.NnLimits;
import io.lockstep.nn.OnnxGraph;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.OnnxNode;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorSpec;
import io.lockstep.nn.ValueInfo;
import io.lockstep.nn.internal.TensorArrays;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.KernelIo;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.OperatorRegistry;
import io.lockstep.nn.internal.operator.Scratch;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a decoded model into an {@link ExecutionPlan}: checks names, order and limits, resolves every
 * value's type node by node through the operators, folds nodes whose inputs are all constant (within a
 * fixed budget), drops nodes no output needs, assigns buffers and adds up the fuel. Every decision
 * depends on the model and the options only, so every validator makes the same plan.
 */
public final class GraphPlanner {
    /** A node is folded at prepare time only if its outputs are at most this many elements... */
    static final int FOLD_MAX_ELEMENTS = 1 << 20;
    /** ...its fuel is at most this... */
    static final long FOLD_MAX_NODE_FUEL = 100_000_000L;
    /** ...and the fuel of all folded nodes so far stays within this. */
    static final long FOLD_MAX_TOTAL_FUEL = 1_000_000_000L;

    private final OnnxModel model;
    private final PrepareOptions options;
    private final OperatorRegistry registry;
    private final NnLimits limits;
    private final NnCostTable costs;

    /** Value name -> slot. */
    private final Map<String, Integer> slotOf = new HashMap<>();

    private final List<TensorType> slotTypes = new ArrayList<>();
    private final List<Tensor> slotConstants = new ArrayList<>();
    private final Scratch foldScratch = new Scratch();
    private long foldedFuel;
    private long foldedBytes;

    private GraphPlanner(OnnxModel model, PrepareOptions options, OperatorRegistry registry) {
        this.model = model;
        this.options = options;
        this.registry = registry;
        this.limits = options.limits();
        this.costs = options.costTable();
    }

    public static ExecutionPlan plan(OnnxModel model, PrepareOptions options, OperatorRegistry registry) {
        return new GraphPlanner(model, options, registry).plan();
    }

    /** A node that survived planning and has to run. */
    private record Planned(OnnxNode node, NodePlan plan, int[] inputSlots, int[] outputSlots, long milliFuel) {}

    private ExecutionPlan plan() {
        OnnxGraph graph = model.graph();
        if (graph.nodes().size() > limits.maxNodes()) {
            throw new NnException(
                    NnErrorCode.LIMIT_EXCEEDED, "graph has " + graph.nodes().size() + " nodes > " + limits.maxNodes());
        }
        long defaultOpset = model.opsetVersion("");
        if (defaultOpset < 1) {
            throw new NnException(NnErrorCode.INVALID_MODEL, "model does not import the default ONNX operator set");
        }
        defineInitializers(graph);
        List<TensorSpec> inputs = new ArrayList<>();
        List<Integer> inputSlotList = new ArrayList<>();
        defineInputs(graph, inputs, inputSlotList);
        List<OnnxNode> nodes = orderedNodes(graph);

        List<Planned> planned = new ArrayList<>();
        for (OnnxNode node : nodes) {
            Planned p = planNode(node);
            if (p != null) {
                planned.add(p);
            }
        }

        List<TensorSpec> outputs = new ArrayList<>();
        int[] outputSlots = new int[graph.outputs().size()];
        Set<String> outputNames = new HashSet<>();
        for (int i = 0; i < graph.outputs().size(); i++) {
            ValueInfo declared = graph.outputs().get(i);
            if (!outputNames.add(declared.name())) {
                throw new NnException(
                        NnErrorCode.DUPLICATE_NAME, "graph output '" + declared.name() + "' is listed twice");
            }
            Integer slot = slotOf.get(declared.name());
            if (slot == null) {
                throw new NnException(
                        NnErrorCode.MISSING_VALUE,
                        "graph output '" + declared.name() + "' is not produced by the graph");
            }
            TensorType type = slotTypes.get(slot);
            checkDeclared(declared, type, "graph output");
            outputSlots[i] = slot;
            outputs.add(
                    new TensorSpec(declared.name(), type.dtype(), type.shape().dims()));
        }
        if (outputs.isEmpty()) {
            throw new NnException(NnErrorCode.INVALID_MODEL, "graph has no outputs");
        }

        List<Planned> live = liveNodes(planned, outputSlots);
        int[] inputSlots = inputSlotList.stream().mapToInt(Integer::intValue).toArray();
        return BufferPlanner.assign(
                inputs,
                outputs,
                live.stream().map(this::step).toList(),
                slotTypes,
                slotConstants,
                inputSlots,
                outputSlots,
                limits,
                runCost(live, inputs, outputs));
    }

    private Step step(Planned p) {
        return new Step(
                p.node.describe(),
                p.plan.kernel(),
                p.plan.units(),
                Work.fuel(p.milliFuel),
                p.inputSlots,
                p.outputSlots);
    }

    /**
     * The fuel of a run: everything added up in milli-fuel and rounded up once, so that sub-fuel prices
     * are not rounded node by node.
     */
    private long runCost(List<Planned> live, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        long milli = costs.runBase();
        for (Planned p : live) {
            milli = Work.sat(milli, p.milliFuel);
        }
        long bytes = 0;
        for (TensorSpec spec : inputs) {
            bytes += (long) Shape.of(spec.shape()).size() * spec.dtype().byteSize();
        }
        for (TensorSpec spec : outputs) {
            bytes += (long) Shape.of(spec.shape()).size() * spec.dtype().byteSize();
        }
        long transferred = Work.mul(bytes, costs.perKiBTransferred());
        milli = Work.sat(milli, transferred / 1024 + (transferred % 1024 == 0 ? 0 : 1));
        return Work.fuel(milli);
    }

    // ---- values

    private int newSlot(String name, TensorType type, Tensor constant) {
        if (slotOf.containsKey(name)) {
            throw new NnException(NnErrorCode.DUPLICATE_NAME, "value '" + name + "' is defined twice");
        }
        int slot = slotTypes.size();
        slotOf.put(name, slot);
        slotTypes.add(type);
        slotConstants.add(constant);
        return slot;
    }

    private void defineInitializers(OnnxGraph graph) {
        for (NamedTensor init : graph.initializers()) {
            if (init.name().isEmpty()) {
                throw new NnException(NnErrorCode.INVALID_MODEL, "initializer without a name");
            }
            Tensor value = canonical(init.tensor());
            checkRank(value.rank(), "initializer '" + init.name() + "'");
            newSlot(init.name(), new TensorType(value.dtype(), Shape.of(value.shape())), value);
        }
    }

    private void defineInputs(OnnxGraph graph, List<TensorSpec> specs, List<Integer> slots) {
        Set<String> declared = new HashSet<>();
        for (ValueInfo input : graph.inputs()) {
            String name = input.name();
            if (!declared.add(name)) {
                throw new NnException(NnErrorCode.DUPLICATE_NAME, "graph input '" + name + "' is listed twice");
            }
            if (slotOf.containsKey(name)) {
                // An input with an initializer: ONNX lets a caller override it; the engine keeps it constant.
                if (options.constantInputs().containsKey(name)
                        || options.inputShapes().containsKey(name)) {
                    throw new NnException(
                            NnErrorCode.INVALID_INPUT, "graph input '" + name + "' has an initializer and is constant");
                }
                continue;
            }
            if (!input.tensor()) {
                throw new NnException(
                        NnErrorCode.UNSUPPORTED_DTYPE,
                        "graph input '" + name + "' is not a tensor (sequence, map or optional)");
            }
            DType dtype = DType.requireOnnxCode(input.elemType(), "graph input '" + name + "'");
            Tensor constant = options.constantInputs().get(name);
            if (constant != null) {
                if (constant.dtype() != dtype) {
                    throw new NnException(
                            NnErrorCode.INVALID_INPUT,
                            "constant for input '" + name + "' is " + constant.dtype() + ", declared " + dtype);
                }
                Shape shape = Shape.of(constant.shape());
                checkDeclared(input, new TensorType(dtype, shape), "constant input");
                newSlot(name, new TensorType(dtype, shape), canonical(constant));
                continue;
            }
            Shape shape = inputShape(input);
            TensorType type = new TensorType(dtype, shape);
            slots.add(newSlot(name, type, null));
            specs.add(new TensorSpec(name, dtype, shape.dims()));
        }
        for (String name : options.inputShapes().keySet()) {
            if (!declared.contains(name)) {
                throw new NnException(NnErrorCode.INVALID_INPUT, "no graph input named '" + name + "'");
            }
        }
        for (String name : options.constantInputs().keySet()) {
            if (!declared.contains(name)) {
                throw new NnException(NnErrorCode.INVALID_INPUT, "no graph input named '" + name + "'");
            }
        }
    }

    private Shape inputShape(ValueInfo input) {
        String where = "graph input '" + input.name() + "'";
        int[] given = options.inputShapes().get(input.name());
        long[] dims;
        if (given != null) {
            dims = Arrays.stream(given).asLongStream().toArray();
            if (input.shape() != null) {
                if (input.shape().size() != dims.length) {
                    throw new NnException(
                            NnErrorCode.INVALID_INPUT,
                            where + " has rank " + input.shape().size() + ", shape given has " + dims.length);
                }
                for (int i = 0; i < dims.length; i++) {
                    ValueInfo.Dim d = input.shape().get(i);
                    if (d.isFixed() && d.value() != dims[i]) {
                        throw new NnException(
                                NnErrorCode.INVALID_INPUT,
                                where + " dimension " + i + " is declared " + d.value() + ", given " + dims[i]);
                    }
                }
            }
        } else {
            if (input.shape() == null) {
                throw new NnException(NnErrorCode.DYNAMIC_SHAPE, where + " has no declared shape; supply one");
            }
            dims = new long[input.shape().size()];
            for (int i = 0; i < dims.length; i++) {
                ValueInfo.Dim d = input.shape().get(i);
                if (!d.isFixed()) {
                    String label = d.param().isEmpty() ? "?" : d.param();
                    throw new NnException(
                            NnErrorCode.DYNAMIC_SHAPE,
                            where + " dimension " + i + " is '" + label + "'; supply the input's shape");
                }
                dims[i] = d.value();
            }
        }
        checkRank(dims.length, where);
        Shape shape = Shape.ofLongs(dims, limits.maxTensorElements());
        if (shape == null) {
            throw new NnException(
                    NnErrorCode.LIMIT_EXCEEDED,
                    where + " shape " + Arrays.toString(dims) + " is negative or exceeds " + limits.maxTensorElements()
                            + " elements");
        }
        return shape;
    }

    private void checkDeclared(ValueInfo declared, TensorType actual, String what) {
        String where = what + " '" + declared.name() + "'";
        if (declared.elemType() != 0 && declared.elemType() != actual.dtype().onnxCode()) {
            throw new NnException(
                    NnErrorCode.SHAPE_MISMATCH,
                    where + " is declared " + DType.onnxName(declared.elemType()) + " but is " + actual.dtype());
        }
        if (declared.shape() == null) {
            return;
        }
        if (declared.shape().size() != actual.shape().rank()) {
            throw new NnException(
                    NnErrorCode.SHAPE_MISMATCH,
                    where + " is declared with rank " + declared.shape().size() + " but is " + actual);
        }
        for (int i = 0; i < declared.shape().size(); i++) {
            ValueInfo.Dim d = declared.shape().get(i);
            if (d.isFixed() && d.value() != actual.shape().dim(i)) {
                throw new NnException(
                        NnErrorCode.SHAPE_MISMATCH, where + " is declared " + dimsText(declared) + " but is " + actual);
            }
        }
    }

    private static String dimsText(ValueInfo info) {
        return info.shape().stream()
                .map(d -> d.isFixed() ? Long.toString(d.value()) : d.param().isEmpty() ? "?" : d.param())
                .toList()
                .toString();
    }

    private void checkRank(int rank, String where) {
        if (rank > limits.maxRank()) {
            throw new NnException(NnErrorCode.LIMIT_EXCEEDED, where + " has rank " + rank + " > " + limits.maxRank());
        }
    }

    /** Floats with non-canonical NaNs are copied with canonical ones; anything else is returned as is. */
    static Tensor canonical(Tensor t) {
        if (t.dtype() != DType.FLOAT) {
            return t;
        }
        float[] data = (float[]) TensorBridge.data(t);
        if (!CanonicalNaN.hasOtherNaN(data)) {
            return t;
        }
        float[] copy = data.clone();
        CanonicalNaN.canonicalize(copy, 0, copy.length);
        return TensorBridge.wrap(DType.FLOAT, t.shape(), copy);
    }

    // ---- order

    /** The nodes in file order, after checking that every input is defined earlier and nothing cycles. */
    private List<OnnxNode> orderedNodes(OnnxGraph graph) {
        List<OnnxNode> nodes = graph.nodes();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).outputs()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (slotOf.containsKey(out) || producer.containsKey(out)) {
                    throw new NnException(
                            NnErrorCode.DUPLICATE_NAME,
                            "value '" + out + "' is defined twice ("
                                    + nodes.get(i).describe() + ")");
                }
                producer.put(out, i);
            }
        }
        String outOfOrder = null;
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                if (in.isEmpty() || slotOf.containsKey(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new NnException(
                            NnErrorCode.MISSING_VALUE,
                            nodes.get(i).describe() + " uses '" + in
                                    + "', which no node, input or initializer defines");
                }
                if (p >= i && outOfOrder == null) {
                    outOfOrder = nodes.get(i).describe() + " uses '" + in + "' before "
                            + nodes.get(p).describe() + " produces it";
                }
            }
        }
        if (outOfOrder != null) {
            if (hasCycle(nodes, producer)) {
                throw new NnException(NnErrorCode.CYCLE, "the graph's nodes form a cycle; " + outOfOrder);
            }
            throw new NnException(NnErrorCode.NOT_TOPOLOGICAL, "nodes are not in topological order: " + outOfOrder);
        }
        return nodes;
    }

    /** Kahn's algorithm over node-to-node edges: a cycle leaves nodes that never become ready. */
    private static boolean hasCycle(List<OnnxNode> nodes, Map<String, Integer> producer) {
        int n = nodes.size();
        int[] pending = new int[n];
        List<List<Integer>> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (String in : nodes.get(i).inputs()) {
                Integer p = producer.get(in);
                if (p != null) {
                    pending[i]++;
                    users.get(p).add(i);
                }
            }
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        int done = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            done++;
            for (int user : users.get(i)) {
                if (--pending[user] == 0) {
                    ready.add(user);
                }
            }
        }
        return done < n;
    }

    // ---- nodes

    private Planned planNode(OnnxNode node) {
        long version = model.opsetVersion(node.domain());
        if (version < 0) {
            throw new NnException(
                    NnErrorCode.UNSUPPORTED_OPERATOR,
                    node.describe() + " is in domain '" + node.domain() + "', which the model does not import");
        }
        Operator operator =
                registry.find(node.domain(), node.opType(), version).orElseThrow(() -> unsupported(node, version));
        List<TensorType> inputTypes = new ArrayList<>();
        List<Tensor> constants = new ArrayList<>();
        int[] inputSlots = new int[node.inputs().size()];
        for (int i = 0; i < inputSlots.length; i++) {
            String name = node.inputs().get(i);
            if (name.isEmpty()) {
                inputSlots[i] = -1;
                inputTypes.add(null);
                constants.add(null);
            } else {
                int slot = slotOf.get(name);
                inputSlots[i] = slot;
                inputTypes.add(slotTypes.get(slot));
                constants.add(slotConstants.get(slot));
            }
        }
        NodeContext context = new NodeContext(node, (int) version, inputTypes, constants, limits);
        NodePlan plan;
        try {
            plan = operator.plan(context);
        } catch (Shape.TooLargeException e) {
            throw context.fail(NnErrorCode.LIMIT_EXCEEDED, e.getMessage());
        } catch (ArithmeticException e) {
            // Shape arithmetic that overflowed an int: more elements than any limit allows.
            throw context.fail(NnErrorCode.LIMIT_EXCEEDED, "shape arithmetic overflows: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw context.fail(NnErrorCode.INVALID_MODEL, "cannot infer output shapes: " + e.getMessage());
        }
        context.checkAllAttributesRead();
        if (plan.outputs().size() != node.outputs().size()) {
            throw context.fail(
                    NnErrorCode.INVALID_MODEL,
                    "has " + node.outputs().size() + " outputs, the operator makes "
                            + plan.outputs().size());
        }
        long outputElements = 0;
        for (int i = 0; i < plan.outputs().size(); i++) {
            TensorType t = plan.outputs().get(i);
            if (t == null) {
                if (context.hasOutput(i)) {
                    throw context.fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, "output " + i + " is not produced");
                }
                continue;
            }
            checkRank(t.shape().rank(), context.describe() + " output " + i);
            if (t.size() > limits.maxTensorElements()) {
                throw context.fail(
                        NnErrorCode.LIMIT_EXCEEDED,
                        "output " + i + " " + t + " exceeds " + limits.maxTensorElements() + " elements");
            }
            outputElements += t.size();
        }
        if (plan.isConstant()) {
            defineOutputs(node, plan.outputs(), plan.constants());
            return null;
        }
        long milliFuel = plan.work().milliFuel(costs);
        long fuel = Work.fuel(milliFuel);
        boolean allConstant = true;
        for (int i = 0; i < inputSlots.length; i++) {
            allConstant &= inputSlots[i] < 0 || constants.get(i) != null;
        }
        if (allConstant
                && outputElements <= FOLD_MAX_ELEMENTS
                && fuel <= FOLD_MAX_NODE_FUEL
                && foldedFuel + fuel <= FOLD_MAX_TOTAL_FUEL
                && foldedBytes + outputElements * 8 <= limits.maxIntermediateBytes()) {
            foldedFuel += fuel;
            foldedBytes += outputElements * 8;
            defineOutputs(node, plan.outputs(), fold(plan, constants));
            return null;
        }
        List<Tensor> none = new ArrayList<>();
        for (int i = 0; i < plan.outputs().size(); i++) {
            none.add(null);
        }
        int[] outputSlots = defineOutputs(node, plan.outputs(), none);
        return new Planned(node, plan, inputSlots, outputSlots, milliFuel);
    }

    private NnException unsupported(OnnxNode node, long version) {
        String domain = node.domain().isEmpty() ? "ai.onnx" : node.domain();
        String known = registry.knows(node.domain(), node.opType())
                ? "; supported opset versions: " + registry.versions(node.domain(), node.opType())
                : "";
        return new NnException(
                NnErrorCode.UNSUPPORTED_OPERATOR,
                "operator " + node.opType() + " (domain " + domain + ", opset " + version + ") of node "
                        + node.identify() + " is not supported" + known);
    }

    private int[] defineOutputs(OnnxNode node, List<TensorType> types, List<Tensor> values) {
        int[] slots = new int[types.size()];
        for (int i = 0; i < types.size(); i++) {
            String name = node.outputs().get(i);
            if (name.isEmpty() || types.get(i) == null) {
                slots[i] = -1;
                continue;
            }
            Tensor value = values.get(i);
            slots[i] = newSlot(name, types.get(i), value == null ? null : canonical(value));
        }
        return slots;
    }

    private List<Tensor> fold(NodePlan plan, List<Tensor> constants) {
        Object[] in = new Object[constants.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = constants.get(i) == null ? null : TensorBridge.data(constants.get(i));
        }
        Object[] out = new Object[plan.outputs().size()];
        for (int i = 0; i < out.length; i++) {
            TensorType t = plan.outputs().get(i);
            out[i] = t == null ? null : TensorArrays.newArray(t.dtype(), t.size());
        }
        plan.kernel().compute(new KernelIo(in, out), 0, plan.units(), foldScratch);
        List<Tensor> values = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            TensorType t = plan.outputs().get(i);
            values.add(t == null ? null : TensorBridge.wrap(t.dtype(), t.shape().dims(), out[i]));
        }
        return values;
    }

    /** The planned nodes that some graph output depends on, in order. */
    private List<Planned> liveNodes(List<Planned> planned, int[] outputSlots) {
        Set<Integer> needed = new HashSet<>();
        for (int slot : outputSlots) {
            needed.add(slot);
        }
        boolean[] live = new boolean[planned.size()];
        for (int i = planned.size() - 1; i >= 0; i--) {
            Planned p = planned.get(i);
            for (int slot : p.outputSlots) {
                if (slot >= 0 && needed.contains(slot)) {
                    live[i] = true;
                    break;
                }
            }
            if (live[i]) {
                for (int slot : p.inputSlots) {
                    if (slot >= 0) {
                        needed.add(slot);
                    }
                }
            }
        }
        List<Planned> out = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            if (live[i]) {
                out.add(planned.get(i));
            }
        }
        return out;
    }
}
