package io.lockstep.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/**
 * One connection and thread of a read run: posts the prepared requests (or batches) in turn, again and
 * again, starting at its own place among them.
 */
final class ReadLane implements Runnable {

    private final RpcClient rpc;
    private final List<byte[]> bodies;
    private int next;
    private final int batch;
    private final Window window;
    private final Pacer pacer;
    private final Latencies latencies = new Latencies();
    private final Outcomes outcomes = new Outcomes();
    private long answered;

    ReadLane(RpcClient rpc, List<byte[]> bodies, int lane, int batch, Window window, Pacer pacer) {
        this.rpc = rpc;
        this.bodies = List.copyOf(bodies);
        this.next = lane % bodies.size();
        this.batch = batch;
        this.window = window;
        this.pacer = pacer;
    }

    @Override
    public void run() {
        while (true) {
            pacer.awaitTurn();
            long start = System.nanoTime();
            if (window.over(start)) {
                return;
            }
            boolean measured = window.measures(start);
            try {
                JsonNode reply = rpc.post(bodies.get(next));
                next = (next + 1) % bodies.size();
                long end = System.nanoTime();
                int ok = count(reply, measured);
                if (measured) {
                    latencies.add(end - start);
                    answered += ok;
                }
            } catch (IOException | RuntimeException e) {
                if (measured) {
                    outcomes.transportError(e);
                }
            }
            pacer.sent();
        }
    }

    /** The requests of a reply that have a result; errors are counted by kind. */
    private int count(JsonNode reply, boolean measured) {
        if (batch == 1) {
            return check(reply, measured) ? 1 : 0;
        }
        if (!reply.isArray()) {
            if (measured) {
                outcomes.refused("batch answered with " + RpcClient.abbreviate(reply));
            }
            return 0;
        }
        int ok = 0;
        for (JsonNode response : reply) {
            ok += check(response, measured) ? 1 : 0;
        }
        return ok;
    }

    private boolean check(JsonNode response, boolean measured) {
        try {
            RpcClient.result(response, "request");
            return true;
        } catch (RpcClient.RpcErrorException e) {
            if (measured) {
                outcomes.refused(e.rpcMessage());
            }
        } catch (IOException e) {
            if (measured) {
                outcomes.refused(e.getMessage());
            }
        }
        return false;
    }

    Latencies latencies() {
        return latencies;
    }

    Outcomes outcomes() {
        return outcomes;
    }

    long answered() {
        return answered;
    }
}
