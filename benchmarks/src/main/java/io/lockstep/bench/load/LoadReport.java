package io.lockstep.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The result of one run: a short text for people and one JSON object for scripts. */
sealed interface LoadReport permits LoadReport.Write, LoadReport.Read {

    Scenario scenario();

    /** The throughput the scenario is judged by: included transactions, or answered requests, per second. */
    double throughput();

    Latencies.Summary latency();

    Optional<Double> offeredRate();

    int concurrency();

    /** The generator's own CPU use over the window, in cores. */
    double generatorCores();

    /** When the run was measured, on this JVM's nano clock (to match samples of the node against it). */
    Window window();

    String summary();

    ObjectNode json();

    /**
     * A write run.
     *
     * @param attempts transactions sent in the window, refused ones included
     * @param accepted those the node accepted
     * @param included this run's transactions in the blocks that appeared during the window
     * @param inclusionSpanNanos the time those blocks cover: from the block before the window (or the start
     *     of the load) to the last block in the window
     * @param latency submit to inclusion of the window's accepted transactions
     * @param notIncluded accepted in the window but still not in a block when the drain ended
     * @param blocks blocks that appeared during the window
     * @param blockedShare share of the lanes' time spent waiting because every sender had its limit in flight
     * @param lateSeconds lanes' time so far behind the offered rate that sends were skipped
     * @param generatorCores the generator process's CPU time in the window over the window's length
     */
    record Write(
            Scenario scenario,
            String rpc,
            int senders,
            int concurrency,
            Optional<Double> offeredRate,
            Window window,
            long seed,
            boolean presigned,
            long signedDuringRun,
            long attempts,
            long accepted,
            long included,
            long inclusionSpanNanos,
            Latencies.Summary latency,
            long notIncluded,
            BlockStats blocks,
            Map<String, Long> errors,
            double blockedShare,
            double lateSeconds,
            double generatorCores)
            implements LoadReport {

        @Override
        public double throughput() {
            return included / (inclusionSpanNanos / 1e9);
        }

        @Override
        public String summary() {
            StringBuilder out = new StringBuilder();
            out.append(scenario.wireName())
                    .append(" against ")
                    .append(rpc)
                    .append(": ")
                    .append(senders)
                    .append(" senders, ")
                    .append(concurrency)
                    .append(" connections, offered ")
                    .append(offeredRate.map(Units::perSecond).orElse("as fast as answered"))
                    .append(", window ")
                    .append(Units.round1(window.seconds()))
                    .append(" s, seed ")
                    .append(seed)
                    .append('\n');
            out.append("  included  ")
                    .append(Units.perSecond(throughput()))
                    .append(" (")
                    .append(included)
                    .append(" transactions in ")
                    .append(blocks.count())
                    .append(" blocks over ")
                    .append(Units.round1(inclusionSpanNanos / 1e9))
                    .append(" s; mean ")
                    .append(Units.round1(blocks.meanTransactions()))
                    .append(", max ")
                    .append(blocks.maxTransactions())
                    .append(" per block; a block every ")
                    .append(Units.millis(blocks.meanIntervalNanos()))
                    .append(")\n");
            out.append("  accepted  ")
                    .append(Units.perSecond(accepted / window.seconds()))
                    .append(" (")
                    .append(accepted)
                    .append(" of ")
                    .append(attempts)
                    .append(" sent)\n");
            out.append("  latency   submit to inclusion: ").append(latency.describe());
            if (notIncluded > 0) {
                out.append("; ").append(notIncluded).append(" not included by the end of the drain");
            }
            out.append('\n');
            out.append(String.format(
                    Locale.ROOT,
                    "  generator %.2f cores; lanes blocked by the per-sender limit %.0f%% of the time; %s%n",
                    generatorCores,
                    blockedShare * 100,
                    presigned
                            ? "signed ahead"
                                    + (signedDuringRun > 0 ? " (" + signedDuringRun + " signed during the run)" : "")
                            : "signed during the run"));
            errors.forEach((kind, count) -> out.append("  error     ")
                    .append(count)
                    .append(" × ")
                    .append(kind)
                    .append('\n'));
            return out.toString();
        }

        @Override
        public ObjectNode json() {
            ObjectNode json = common(this, rpc, concurrency, offeredRate, generatorCores);
            json.put("senders", senders);
            json.put("seed", seed);
            json.put("presigned", presigned);
            json.put("signedDuringRun", signedDuringRun);
            json.put("includedPerSecond", Units.round1(throughput()));
            json.put("included", included);
            json.put("inclusionSpanSeconds", Units.round1(inclusionSpanNanos / 1e9));
            json.put("accepted", accepted);
            json.put("attempts", attempts);
            json.put("notIncluded", notIncluded);
            json.put("blocks", blocks.count());
            json.put("meanTxPerBlock", Units.round1(blocks.meanTransactions()));
            json.put("maxTxPerBlock", blocks.maxTransactions());
            json.put("meanBlockIntervalMs", Units.millisValue(blocks.meanIntervalNanos()));
            json.put("blockedShare", Math.round(blockedShare * 1000) / 1000.0);
            json.put("lateSeconds", Units.round1(lateSeconds));
            return json;
        }
    }

    /**
     * A read run.
     *
     * @param requests JSON-RPC requests answered without error in the window (batched ones each count)
     * @param latency per HTTP request (a whole batch when batching)
     */
    record Read(
            Scenario scenario,
            String rpc,
            int concurrency,
            int batch,
            Optional<Double> offeredRate,
            Window window,
            long requests,
            Latencies.Summary latency,
            Map<String, Long> errors,
            double generatorCores)
            implements LoadReport {

        @Override
        public double throughput() {
            return requests / window.seconds();
        }

        @Override
        public String summary() {
            StringBuilder out = new StringBuilder();
            out.append(scenario.wireName())
                    .append(" against ")
                    .append(rpc)
                    .append(": ")
                    .append(concurrency)
                    .append(" connections, ")
                    .append(batch == 1 ? "no batching" : batch + " requests per batch")
                    .append(", offered ")
                    .append(offeredRate.map(Units::perSecond).orElse("as fast as answered"))
                    .append(", window ")
                    .append(Units.round1(window.seconds()))
                    .append(" s\n");
            out.append("  answered  ")
                    .append(Units.perSecond(throughput()))
                    .append(" (")
                    .append(requests)
                    .append(" requests)\n");
            out.append("  latency   ")
                    .append(batch == 1 ? "" : "per batch: ")
                    .append(latency.describe())
                    .append('\n');
            out.append(String.format(Locale.ROOT, "  generator %.2f cores%n", generatorCores));
            errors.forEach((kind, count) -> out.append("  error     ")
                    .append(count)
                    .append(" × ")
                    .append(kind)
                    .append('\n'));
            return out.toString();
        }

        @Override
        public ObjectNode json() {
            ObjectNode json = common(this, rpc, concurrency, offeredRate, generatorCores);
            json.put("batch", batch);
            json.put("requestsPerSecond", Units.round1(throughput()));
            json.put("requests", requests);
            return json;
        }
    }

    /** The blocks that appeared during the window. */
    record BlockStats(int count, double meanTransactions, int maxTransactions, long meanIntervalNanos) {}

    private static ObjectNode common(
            LoadReport report, String rpc, int concurrency, Optional<Double> offeredRate, double generatorCores) {
        ObjectNode json = RpcClient.JSON.createObjectNode();
        json.put("scenario", report.scenario().wireName());
        json.put("rpc", rpc);
        json.put("concurrency", concurrency);
        if (offeredRate.isPresent()) {
            json.put("offeredRate", offeredRate.get());
        } else {
            json.putNull("offeredRate");
        }
        json.put("windowSeconds", Units.round1(report.window().seconds()));
        Latencies.Summary latency = report.latency();
        json.put("latencyCount", latency.count());
        json.put("p50Ms", Units.millisValue(latency.p50()));
        json.put("p90Ms", Units.millisValue(latency.p90()));
        json.put("p99Ms", Units.millisValue(latency.p99()));
        json.put("maxMs", Units.millisValue(latency.max()));
        json.put("generatorCores", Math.round(generatorCores * 100) / 100.0);
        ObjectNode errors = json.putObject("errors");
        if (report instanceof Write write) {
            write.errors().forEach(errors::put);
        } else if (report instanceof Read read) {
            read.errors().forEach(errors::put);
        }
        return json;
    }
}
