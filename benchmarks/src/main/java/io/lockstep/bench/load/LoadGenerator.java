package io.lockstep.bench.load;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Puts load on a node through its JSON-RPC endpoint and measures what the node sustains: included
 * transactions per second and submit-to-inclusion latency for the write scenarios, answered requests per
 * second and latency for the read scenarios. Works against any node URL. Prints a short summary and, as
 * its last line, one JSON object; progress goes to stderr.
 *
 * <pre>
 * java -cp benchmarks/target/lockstep-benchmarks.jar io.lockstep.bench.load.LoadGenerator \
 *     --rpc http://127.0.0.1:8545/ --scenario transfers --senders 1-200 --rate 1200 --concurrency 8
 * </pre>
 *
 * Exit status: 0 measured (whatever the numbers), 1 the run failed, 2 usage error.
 */
public final class LoadGenerator {

    private LoadGenerator() {}

    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("load: " + e.getMessage());
            if (!e.getMessage().contains("usage:")) {
                System.err.println(String.join("\n", LoadOptions.USAGE));
            }
            System.exit(2);
            return;
        }
        try {
            LoadReport report = run(options, System.err, PhaseListener.NONE);
            System.out.print(report.summary());
            System.out.println(RpcClient.JSON.writeValueAsString(report.json()));
        } catch (IOException e) {
            System.err.println("load: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    /** Runs one scenario; {@code progress} gets a line at each phase. */
    static LoadReport run(LoadOptions options, PrintStream progress, PhaseListener phases)
            throws IOException, InterruptedException {
        progress.println(
                "load: " + options.scenario().wireName() + " against " + options.rpc() + ", seed " + options.seed());
        return options.scenario().writes()
                ? new WriteLoad(options, progress, phases).run()
                : new ReadLoad(options, progress, phases).run();
    }
}
