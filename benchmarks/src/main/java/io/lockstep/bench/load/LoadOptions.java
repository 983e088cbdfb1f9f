package io.lockstep.bench.load;

import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One run of the generator, validated on construction.
 *
 * @param rpc the node's JSON-RPC URL
 * @param senderKeys the accounts that sign transactions (write scenarios)
 * @param rate requests or transactions per second offered in total; empty: as fast as {@code
 *     concurrency} connections get answers
 * @param concurrency connections, each with its own thread
 * @param warmup load before the measurement, not counted
 * @param duration the measured window
 * @param drain how long, after the window, to wait for the window's transactions to be included
 * @param batch JSON-RPC requests per HTTP request (read scenarios)
 * @param contract the classifier (classify, call-view, call-classify)
 * @param viewAccount whose {@code lastResult} call-view reads; empty: the first sender
 * @param gasLimit per transaction; 0 picks the scenario's default
 * @param maxPendingPerSender transactions of one sender sent but not yet seen in a block, at most; the
 *     node's pool refuses more than its own per-sender limit
 * @param pollInterval how often the block watcher asks for the next block while it is not there yet
 * @param presign sign the run's transactions before it starts, so that signing does not compete with the
 *     node for the CPU during the measurement
 * @param seed the seed of recipients and classifier inputs
 */
record LoadOptions(
        URI rpc,
        Scenario scenario,
        List<BigInteger> senderKeys,
        Optional<Double> rate,
        int concurrency,
        Duration warmup,
        Duration duration,
        Duration drain,
        int batch,
        Optional<String> contract,
        Optional<String> viewAccount,
        long gasLimit,
        int maxPendingPerSender,
        Duration pollInterval,
        boolean presign,
        int recipients,
        long seed,
        int timeoutMillis) {

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    static final List<String> USAGE = List.of(
            "usage: LoadGenerator --scenario transfers|classify|block-number|call-view|call-classify [options]",
            "  --rpc URL                  JSON-RPC endpoint (default http://127.0.0.1:8545/)",
            "  --senders SPEC             N (dev accounts 0..N-1), A-B, 0xKEY,... or @FILE (default 10)",
            "  --rate R                   offered transactions or requests per second in total (default: closed loop)",
            "  --concurrency C            connections and threads (default 16)",
            "  --warmup D, --duration D   e.g. 10s, 30s, 2m (defaults 10s, 30s)",
            "  --drain D                  wait for the window's transactions after it (default 30s)",
            "  --batch N                  JSON-RPC requests per HTTP request, read scenarios (default 1)",
            "  --contract ADDRESS         the Iris classifier (classify, call-view, call-classify)",
            "  --view-account ADDRESS     whose lastResult call-view reads (default: the first sender)",
            "  --gas-limit N              per transaction (default 21000 transfers, 1000000 classify)",
            "  --max-pending-per-sender N sent but not yet in a block, per sender (default 60)",
            "  --poll-interval D          block polling while the next block is not there (default 20ms)",
            "  --no-presign               sign during the run instead of before it",
            "  --recipients N             distinct transfer recipients (default 1000)",
            "  --seed N                   seed of recipients and classifier inputs (default: random, printed)",
            "  --timeout D                per request (default 30s)");

    static final Set<String> FLAGS = Set.of("no-presign");

    LoadOptions {
        Objects.requireNonNull(rpc, "rpc");
        Objects.requireNonNull(scenario, "scenario");
        senderKeys = List.copyOf(senderKeys);
        Objects.requireNonNull(rate, "rate");
        if (concurrency < 1) {
            throw new UsageException("--concurrency must be at least 1");
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero() || drain.isNegative()) {
            throw new UsageException("--duration must be positive, --warmup and --drain not negative");
        }
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1");
        }
        if (batch > 1 && scenario.writes()) {
            throw new UsageException("--batch applies to the read scenarios only");
        }
        if (scenario.needsContract() && contract.isEmpty()) {
            throw new UsageException("--scenario " + scenario.wireName()
                    + " needs --contract ADDRESS (deploy the classifier with ClassifierSetup first)");
        }
        contract.ifPresent(a -> requireAddress("--contract", a));
        viewAccount.ifPresent(a -> requireAddress("--view-account", a));
        if (scenario.writes() && senderKeys.isEmpty()) {
            throw new UsageException("a write scenario needs at least one sender");
        }
        if (scenario == Scenario.CALL_VIEW && viewAccount.isEmpty() && senderKeys.isEmpty()) {
            throw new UsageException("call-view needs --view-account or --senders");
        }
        if (gasLimit < 0 || maxPendingPerSender < 1 || recipients < 1 || timeoutMillis < 1) {
            throw new UsageException(
                    "--gas-limit, --max-pending-per-sender, --recipients and --timeout must be positive");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new UsageException("--poll-interval must be positive");
        }
    }

    static LoadOptions parse(String[] argv) {
        Args args = new Args(argv, FLAGS);
        Scenario scenario = Scenario.fromWireName(args.string("scenario")
                .orElseThrow(() -> new UsageException("--scenario is required: one of " + Scenario.names())));
        LoadOptions options = new LoadOptions(
                args.url("rpc", "http://127.0.0.1:8545/"),
                scenario,
                SenderKeys.parse(args.string("senders", "10")),
                args.positive("rate"),
                args.intValue("concurrency", 16, 1, 1_000),
                args.duration("warmup", Duration.ofSeconds(10)),
                args.duration("duration", Duration.ofSeconds(30)),
                args.duration("drain", Duration.ofSeconds(30)),
                args.intValue("batch", 1, 1, 10_000),
                args.string("contract"),
                args.string("view-account"),
                args.longValue("gas-limit", 0, 0, Long.MAX_VALUE),
                args.intValue("max-pending-per-sender", 60, 1, 1_000_000),
                args.duration("poll-interval", Duration.ofMillis(20)),
                !args.flag("no-presign"),
                args.intValue("recipients", 1_000, 1, 10_000_000),
                args.longValue("seed", new SecureRandom().nextLong(), Long.MIN_VALUE, Long.MAX_VALUE),
                Math.toIntExact(Math.min(
                        Integer.MAX_VALUE,
                        args.duration("timeout", Duration.ofSeconds(30)).toMillis())));
        args.finish(USAGE);
        return options;
    }

    /** The gas limit a transaction of this run carries. */
    long effectiveGasLimit() {
        if (gasLimit > 0) {
            return gasLimit;
        }
        return scenario == Scenario.CLASSIFY ? 1_000_000 : 21_000;
    }

    private static void requireAddress(String option, String text) {
        if (!ADDRESS.matcher(text).matches()) {
            throw new UsageException(option + ": expected 0x and 40 hex digits, got '" + text + "'");
        }
    }
}
