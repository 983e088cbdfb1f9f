package io.lockstep.bench.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;

/**
 * A read scenario: {@code concurrency} connections each posting one prepared request (or batch of them) as
 * soon as the previous one is answered, or at the offered rate; answers are checked for a result.
 */
final class ReadLoad {

    private final LoadOptions options;
    private final PrintStream progress;
    private final PhaseListener phases;

    ReadLoad(LoadOptions options, PrintStream progress, PhaseListener phases) {
        this.options = options;
        this.progress = progress;
        this.phases = phases;
    }

    LoadReport.Read run() throws IOException, InterruptedException {
        List<byte[]> bodies = bodies();
        List<RpcClient> clients = new ArrayList<>();
        try {
            // One checked request first: a wrong contract or a node without the method fails here, clearly.
            RpcClient probe = new RpcClient(options.rpc(), options.timeoutMillis());
            clients.add(probe);
            RpcClient.result(firstOf(probe.post(bodies.get(0))), requestMethod());

            Window window = Window.startingNow(options.warmup(), options.duration());
            progress.printf(
                    "%s: %d connections, warm-up %.0f s, then %.0f s measured%n",
                    options.scenario().wireName(),
                    options.concurrency(),
                    options.warmup().toMillis() / 1e3,
                    options.duration().toMillis() / 1e3);
            List<ReadLane> lanes = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < options.concurrency(); i++) {
                RpcClient client = new RpcClient(options.rpc(), options.timeoutMillis());
                clients.add(client);
                Pacer pacer = Pacer.forLane(
                        options.rate().map(r -> r / options.batch()).orElse(0.0),
                        options.concurrency(),
                        i,
                        window.start());
                ReadLane lane = new ReadLane(client, bodies, i, options.batch(), window, pacer);
                lanes.add(lane);
                Thread thread = new Thread(lane, "read-lane-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            long cpuFrom = WriteLoad.waitUntil(window.measureFrom());
            phases.windowStarts();
            long cpuUntil = WriteLoad.waitUntil(window.measureUntil());
            phases.windowEnds();
            for (Thread thread : threads) {
                thread.join();
            }
            long answered = lanes.stream().mapToLong(ReadLane::answered).sum();
            return new LoadReport.Read(
                    options.scenario(),
                    options.rpc().toString(),
                    options.concurrency(),
                    options.batch(),
                    options.rate(),
                    window,
                    answered,
                    Latencies.merge(lanes.stream().map(ReadLane::latencies).toList())
                            .summary(),
                    Outcomes.merge(lanes.stream().map(ReadLane::outcomes).toList())
                            .errors(),
                    ProcessCpu.cores(cpuFrom, cpuUntil, window.measureUntil() - window.measureFrom()));
        } finally {
            clients.forEach(RpcClient::close);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode firstOf(com.fasterxml.jackson.databind.JsonNode reply) {
        return reply.isArray() ? reply.get(0) : reply;
    }

    private String requestMethod() {
        return options.scenario() == Scenario.BLOCK_NUMBER ? "eth_blockNumber" : "eth_call";
    }

    /** Distinct requests of {@code call-classify}: enough that no answer is the one just before it. */
    static final int CLASSIFY_INPUTS = 256;

    /**
     * The requests (or batches of {@code --batch} requests) to post, as bytes: one for the scenarios that
     * ask the same each time, {@value #CLASSIFY_INPUTS} for {@code call-classify}, whose inputs are drawn
     * from the seed; the lanes take them in turn.
     */
    List<byte[]> bodies() throws IOException {
        SplittableRandom random = new SplittableRandom(options.seed());
        int count = options.scenario() == Scenario.CALL_CLASSIFY ? CLASSIFY_INPUTS : 1;
        List<byte[]> bodies = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            if (options.batch() == 1) {
                bodies.add(RpcClient.JSON.writeValueAsBytes(request(1, random)));
                continue;
            }
            ArrayNode batch = RpcClient.JSON.createArrayNode();
            for (int i = 1; i <= options.batch(); i++) {
                batch.add(request(i, random));
            }
            bodies.add(RpcClient.JSON.writeValueAsBytes(batch));
        }
        return bodies;
    }

    private ObjectNode request(int id, SplittableRandom random) {
        ObjectNode request = RpcClient.JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", id);
        request.put("method", requestMethod());
        ArrayNode params = request.putArray("params");
        if (options.scenario() == Scenario.CALL_VIEW) {
            String account = viewAccount();
            String data = FunctionEncoder.encode(new Function("lastResult", List.of(new Address(account)), List.of()));
            params.add(RpcClient.JSON.valueToTree(
                    Map.of("from", account, "to", options.contract().orElseThrow(), "data", data)));
            params.add("latest");
        } else if (options.scenario() == Scenario.CALL_CLASSIFY) {
            String data = TransactionTemplate.classifyCalldata(random);
            params.add(
                    RpcClient.JSON.valueToTree(Map.of("to", options.contract().orElseThrow(), "data", data)));
            params.add("latest");
        }
        return request;
    }

    private String viewAccount() {
        return options.viewAccount()
                .orElseGet(() -> new Sender(0, options.senderKeys().get(0)).address());
    }
}
