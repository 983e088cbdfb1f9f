package io.lockstep.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A write scenario: senders split over lanes, a block watcher measuring inclusion, warm-up, the measured
 * window, then a drain that waits for the window's transactions to reach a block.
 */
final class WriteLoad {

    /** Transactions signed ahead at most, over all senders (memory: about 200 bytes each). */
    static final long MAX_PRESIGNED = 5_000_000;

    private final LoadOptions options;
    private final PrintStream progress;
    private final PhaseListener phases;

    WriteLoad(LoadOptions options, PrintStream progress, PhaseListener phases) {
        this.options = options;
        this.progress = progress;
        this.phases = phases;
    }

    LoadReport.Write run() throws IOException, InterruptedException {
        try (EthApi setup = new EthApi(options.rpc(), options.timeoutMillis())) {
            long chainId = setup.chainId();
            BigInteger baseFee = setup.baseFee();
            List<Sender> senders = new ArrayList<>();
            for (int i = 0; i < options.senderKeys().size(); i++) {
                Sender sender = new Sender(i, options.senderKeys().get(i));
                sender.nonce(setup.pendingNonce(sender.address()));
                senders.add(sender);
            }
            TransactionTemplate template = new TransactionTemplate(
                    options.scenario(),
                    chainId,
                    baseFee,
                    options.effectiveGasLimit(),
                    options.contract().orElse(null),
                    options.recipients(),
                    options.seed());
            if (options.presign()) {
                Presigner.sign(senders, template, options.seed(), presignPerSender(senders.size()), progress);
            }
            return measure(setup.blockNumber() + 1, senders, template);
        }
    }

    /** Enough for the offered rate over the whole run, or for the per-sender limit in a closed loop. */
    int presignPerSender(int senders) {
        double seconds = (options.warmup().toNanos() + options.duration().toNanos()) / 1e9;
        long perSender = options.rate()
                .map(rate -> (long) Math.ceil(rate * seconds * 1.05 / senders) + options.maxPendingPerSender())
                .orElse((long) options.maxPendingPerSender());
        return (int) Math.max(1, Math.min(perSender, MAX_PRESIGNED / senders));
    }

    private LoadReport.Write measure(long fromHeight, List<Sender> senders, TransactionTemplate template)
            throws InterruptedException, IOException {
        int laneCount = Math.min(options.concurrency(), senders.size());
        List<EthApi> connections = new ArrayList<>();
        EthApi watcherApi = new EthApi(options.rpc(), options.timeoutMillis());
        connections.add(watcherApi);
        BlockWatcher watcher =
                new BlockWatcher(watcherApi, fromHeight, options.pollInterval().toNanos());
        Thread watcherThread = new Thread(watcher, "block-watcher");
        watcherThread.setDaemon(true);
        watcherThread.start();
        try {
            Window window = Window.startingNow(options.warmup(), options.duration());
            progress.printf(
                    "%s: %d lanes, warm-up %.0f s, then %.0f s measured%n",
                    options.scenario().wireName(),
                    laneCount,
                    options.warmup().toMillis() / 1e3,
                    options.duration().toMillis() / 1e3);
            List<WriteLane> lanes = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int lane = 0; lane < laneCount; lane++) {
                List<Sender> own = new ArrayList<>();
                for (int i = lane; i < senders.size(); i += laneCount) {
                    own.add(senders.get(i));
                }
                EthApi api = new EthApi(options.rpc(), options.timeoutMillis());
                connections.add(api);
                WriteLane writeLane = new WriteLane(
                        own,
                        api,
                        watcher,
                        template,
                        options.seed(),
                        window,
                        Pacer.forLane(options.rate().orElse(0.0), laneCount, lane, window.start()),
                        options.maxPendingPerSender());
                lanes.add(writeLane);
                Thread thread = new Thread(writeLane, "write-lane-" + lane);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            long cpuFrom = waitUntil(window.measureFrom());
            phases.windowStarts();
            long cpuUntil = waitUntil(window.measureUntil());
            phases.windowEnds();
            for (Thread thread : threads) {
                thread.join();
            }
            for (WriteLane lane : lanes) {
                if (lane.failure() != null) {
                    throw new IOException("a lane failed: " + lane.failure().getMessage(), lane.failure());
                }
            }
            progress.printf(
                    "window over; waiting up to %d s for its transactions to be included%n",
                    options.drain().toSeconds());
            watcher.awaitMeasured(options.drain().toNanos());
            watcher.stop();
            watcherThread.join(options.timeoutMillis() + 1_000L);
            if (watcher.failure().isPresent()) {
                throw new IOException("the block watcher lost the node: "
                        + watcher.failure().get().getMessage());
            }
            return report(senders.size(), laneCount, window, lanes, watcher, cpuFrom, cpuUntil);
        } finally {
            watcher.stop();
            connections.forEach(EthApi::close);
        }
    }

    /** Sleeps until {@code nanos} on the nano clock; returns the process CPU time then. */
    static long waitUntil(long nanos) throws InterruptedException {
        long now;
        while ((now = System.nanoTime()) < nanos) {
            Thread.sleep(Math.max(1, Math.min(100, (nanos - now) / 1_000_000)));
        }
        return ProcessCpu.nanos();
    }

    private LoadReport.Write report(
            int senders,
            int laneCount,
            Window window,
            List<WriteLane> lanes,
            BlockWatcher watcher,
            long cpuFrom,
            long cpuUntil) {
        long included = 0;
        int count = 0;
        long transactions = 0;
        int max = 0;
        long before = window.start(); // the last block seen before the window, or the start of the load
        long first = -1;
        long last = -1;
        for (BlockWatcher.ObservedBlock block : watcher.blocks()) {
            if (block.observedNanos() < window.measureFrom()) {
                before = Math.max(before, block.observedNanos());
                continue;
            }
            if (!window.measures(block.observedNanos())) {
                continue;
            }
            included += block.ours();
            count++;
            transactions += block.transactions();
            max = Math.max(max, block.transactions());
            first = first < 0 ? block.observedNanos() : first;
            last = block.observedNanos();
        }
        long meanInterval = count < 2 ? 0 : (last - first) / (count - 1);
        // The window's blocks hold what arrived from the block before them to the last of them: counting over
        // that span rather than the window itself removes the error of up to a block at either end. A node
        // that stopped making blocks before the window ended is charged the whole window.
        long spanEnd = count == 0 || window.measureUntil() - last > 2 * Math.max(meanInterval, 1)
                ? window.measureUntil()
                : last;
        long span = Math.max(1, spanEnd - before);
        long attempts = 0;
        long accepted = 0;
        long signedDuringRun = 0;
        long blocked = 0;
        long late = 0;
        List<Outcomes> outcomes = new ArrayList<>();
        for (WriteLane lane : lanes) {
            attempts += lane.measuredAttempts();
            accepted += lane.measuredAccepted();
            signedDuringRun += lane.signedDuringRun();
            blocked += lane.blockedNanos();
            late += lane.lateNanos();
            outcomes.add(lane.outcomes());
        }
        long windowNanos = window.measureUntil() - window.measureFrom();
        return new LoadReport.Write(
                options.scenario(),
                options.rpc().toString(),
                senders,
                laneCount,
                options.rate(),
                window,
                options.seed(),
                options.presign(),
                signedDuringRun,
                attempts,
                accepted,
                included,
                span,
                watcher.latency(),
                watcher.measuredInFlight(),
                new LoadReport.BlockStats(count, count == 0 ? 0 : (double) transactions / count, max, meanInterval),
                Outcomes.merge(outcomes).errors(),
                (double) blocked / ((double) windowNanos * laneCount),
                late / 1e9,
                ProcessCpu.cores(cpuFrom, cpuUntil, windowNanos));
    }
}
