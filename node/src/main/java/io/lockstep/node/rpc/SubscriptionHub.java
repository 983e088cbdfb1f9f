package io.lockstep.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The WebSocket subscriptions of a node: {@code eth_subscribe} adds them, the node publishes new heads,
 * logs and the transactions its mempool admits into the hub, and the hub sends each subscriber its {@code
 * eth_subscription} notifications. A
 * subscription receives what is published after its id has been sent to its client; it ends with {@code
 * eth_unsubscribe} or when its connection closes. Thread-safe; publishing never blocks on a client.
 */
public final class SubscriptionHub {

    /** What a subscription receives. */
    public enum Kind {
        NEW_HEADS("newHeads"),
        LOGS("logs"),
        NEW_PENDING_TRANSACTIONS("newPendingTransactions");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private static final int ID_BYTES = 16;
    private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

    private final int maxPerConnection;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final Map<SubscriptionSink, Set<String>> bySink = new ConcurrentHashMap<>();

    public SubscriptionHub(int maxPerConnection) {
        if (maxPerConnection < 0) {
            throw new IllegalArgumentException("maxPerConnection must not be negative, got " + maxPerConnection);
        }
        this.maxPerConnection = maxPerConnection;
    }

    public String subscribeNewHeads(SubscriptionSink sink) {
        return subscribe(sink, Kind.NEW_HEADS, LogFilter.ANY, false);
    }

    public String subscribeLogs(SubscriptionSink sink, LogFilter filter) {
        return subscribe(sink, Kind.LOGS, filter, false);
    }

    /**
     * Subscribes to the transactions the mempool admits: each one's hash, or with {@code fullTransactions}
     * the transaction object, as {@code eth_getTransactionByHash} answers it while it waits.
     */
    public String subscribeNewPendingTransactions(SubscriptionSink sink, boolean fullTransactions) {
        return subscribe(sink, Kind.NEW_PENDING_TRANSACTIONS, LogFilter.ANY, fullTransactions);
    }

    /** Ends a subscription of this connection; false if it has none with that id. */
    public boolean unsubscribe(SubscriptionSink sink, String id) {
        Subscription subscription = byId.get(id);
        if (subscription == null || subscription.sink != sink) {
            return false;
        }
        bySink.computeIfPresent(sink, (s, ids) -> {
            ids.remove(id);
            return ids;
        });
        return byId.remove(id) != null;
    }

    /** Sends a new block header to every {@code newHeads} subscriber. */
    public void publishNewHead(JsonNode header) {
        if (header == null) {
            throw new IllegalArgumentException("a new head needs its header object");
        }
        String result = header.toString();
        for (Subscription subscription : byId.values()) {
            if (subscription.kind == Kind.NEW_HEADS && subscription.active) {
                subscription.sink.send(notification(subscription.id, result));
            }
        }
    }

    /** Sends each log to every {@code logs} subscriber whose filter matches it, one notification per log. */
    public void publishLogs(List<LogEvent> logs) {
        String[] results = new String[logs.size()];
        for (Subscription subscription : byId.values()) {
            if (subscription.kind != Kind.LOGS || !subscription.active) {
                continue;
            }
            for (int i = 0; i < results.length; i++) {
                LogEvent log = logs.get(i);
                if (!subscription.filter.matches(log)) {
                    continue;
                }
                if (results[i] == null) {
                    results[i] = log.json().toString();
                }
                if (!subscription.sink.send(notification(subscription.id, results[i]))) {
                    break; // the connection is gone; its close removes the subscription
                }
            }
        }
    }

    /**
     * Sends a transaction just admitted to the mempool to every {@code newPendingTransactions} subscriber.
     * The caller publishes in admission order, one transaction at a time; {@code transaction} is asked for
     * at most once, and only when a subscriber wants whole transactions.
     */
    public void publishPendingTransaction(String hash, Supplier<JsonNode> transaction) {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("a pending transaction is published by its hash, got " + hash);
        }
        String hashResult = "\"" + hash + "\"";
        String fullResult = null;
        for (Subscription subscription : byId.values()) {
            if (subscription.kind != Kind.NEW_PENDING_TRANSACTIONS || !subscription.active) {
                continue;
            }
            if (subscription.fullTransactions && fullResult == null) {
                fullResult = transaction.get().toString();
            }
            subscription.sink.send(
                    notification(subscription.id, subscription.fullTransactions ? fullResult : hashResult));
        }
    }

    /** Active subscriptions, of all connections. */
    public int count() {
        return byId.size();
    }

    private String subscribe(SubscriptionSink sink, Kind kind, LogFilter filter, boolean fullTransactions) {
        String id = newId();
        Subscription subscription = new Subscription(id, sink, kind, filter, fullTransactions);
        boolean[] firstOfSink = {false};
        // The count check, the registration and the sink's entry change together, so that a concurrent
        // close either sees this subscription and removes it, or runs its cleanup after it.
        bySink.compute(sink, (s, ids) -> {
            if (ids == null) {
                ids = new HashSet<>();
                firstOfSink[0] = true;
            }
            if (ids.size() >= maxPerConnection) {
                throw RpcException.limitExceeded(
                        "subscription limit exceeded: at most " + maxPerConnection + " per connection");
            }
            ids.add(id);
            byId.put(id, subscription);
            return ids;
        });
        if (firstOfSink[0]) {
            sink.onClose(() -> dropAll(sink));
        }
        sink.onReply(() -> subscription.active = true);
        return id;
    }

    private void dropAll(SubscriptionSink sink) {
        Set<String> ids = bySink.remove(sink);
        if (ids != null) {
            ids.forEach(byId::remove);
        }
    }

    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Hex.data(bytes);
    }

    private static String notification(String id, String resultJson) {
        // Ids are hex, so they need no escaping; the result is already JSON.
        return "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + id
                + "\",\"result\":" + resultJson + "}}";
    }

    private static final class Subscription {
        final String id;
        final SubscriptionSink sink;
        final Kind kind;
        final LogFilter filter;
        final boolean fullTransactions;
        volatile boolean active;

        Subscription(String id, SubscriptionSink sink, Kind kind, LogFilter filter, boolean fullTransactions) {
            this.id = id;
            this.sink = sink;
            this.kind = kind;
            this.filter = filter;
            this.fullTransactions = fullTransactions;
        }
    }
}
