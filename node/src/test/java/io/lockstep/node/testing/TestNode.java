package io.lockstep.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.node.config.DevAccounts;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.NodeConfig;
import io.lockstep.node.config.ValidatorKey;
import io.lockstep.node.service.LockstepNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * A real node for JSON-RPC tests: a dev genesis with three funded accounts, on-demand blocks, RPC on a free
 * loopback port, driven over raw HTTP so that tests see the exact JSON. Transactions are signed with Web3j
 * as a wallet would sign them.
 */
public final class TestNode implements AutoCloseable {

    public static final long CHAIN_ID = 1337;
    public static final BigInteger GWEI = BigInteger.TEN.pow(9);
    /** The dev genesis's base fee, which every block keeps. */
    public static final BigInteger BASE_FEE = GWEI;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RECEIPT_DEADLINE = Duration.ofSeconds(30);

    /**
     * What a test may change in the node's configuration.
     *
     * @param retainVersions how many versions of the state the node keeps
     * @param maxRequestBytes the largest request body
     * @param maxBatchSize the largest batch
     * @param hosts the names the Host header may carry ({@code rpc.hosts})
     * @param idleTimeout how long an idle HTTP connection is kept
     * @param websocketIdleTimeout how long a WebSocket connection is kept without a frame from its client
     */
    public record Options(
            long retainVersions,
            int maxRequestBytes,
            int maxBatchSize,
            List<String> hosts,
            Duration idleTimeout,
            Duration websocketIdleTimeout) {
        public static final Options DEFAULT = new Options(
                1_000,
                5 << 20,
                100,
                NodeConfig.Rpc.DEFAULT_HOSTS,
                NodeConfig.Rpc.DEFAULT_IDLE_TIMEOUT,
                NodeConfig.Rpc.DEFAULT_WEBSOCKET_IDLE_TIMEOUT);

        public Options withRetainVersions(long versions) {
            return new Options(versions, maxRequestBytes, maxBatchSize, hosts, idleTimeout, websocketIdleTimeout);
        }

        public Options withMaxRequestBytes(int bytes) {
            return new Options(retainVersions, bytes, maxBatchSize, hosts, idleTimeout, websocketIdleTimeout);
        }

        public Options withHosts(List<String> names) {
            return new Options(retainVersions, maxRequestBytes, maxBatchSize, names, idleTimeout, websocketIdleTimeout);
        }

        public Options withIdleTimeouts(Duration http, Duration websocket) {
            return new Options(retainVersions, maxRequestBytes, maxBatchSize, hosts, http, websocket);
        }
    }

    /** One request as sent and its response as received, both exactly. */
    public record Exchange(String request, String response, JsonNode json) {
        public JsonNode result() {
            assertFalse(json.has("error"), () -> "error: " + response + "\nrequest: " + request);
            return json.get("result");
        }

        public JsonNode error() {
            assertTrue(json.has("error"), () -> "no error: " + response + "\nrequest: " + request);
            return json.get("error");
        }
    }

    private final LockstepNode node;
    private final Genesis genesis;
    private final ValidatorKey validator;
    private final List<Credentials> accounts;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final AtomicLong ids = new AtomicLong();

    private TestNode(LockstepNode node, Genesis genesis, ValidatorKey validator, List<Credentials> accounts) {
        this.node = node;
        this.genesis = genesis;
        this.validator = validator;
        this.accounts = accounts;
        this.uri = URI.create("http://127.0.0.1:" + node.rpcAddress().getPort() + "/");
    }

    public static TestNode start(Path dir) throws IOException {
        return start(dir, Options.DEFAULT);
    }

    public static TestNode start(Path dir, Options options) throws IOException {
        DevAccounts dev = DevAccounts.generate(3);
        List<Credentials> accounts = new ArrayList<>();
        dev.accounts().forEach(account -> accounts.add(account.credentials()));
        ValidatorKey validator = ValidatorKey.generate(new SecureRandom());
        Genesis genesis = dev.genesis(CHAIN_ID, 1_700_000_000L, validator.address());
        NodeConfig defaults =
                NodeConfig.withDefaults(dir.resolve("data"), dir.resolve("genesis.yaml"), dir.resolve("key"));
        NodeConfig config = new NodeConfig(
                defaults.dataDir(),
                defaults.genesisFile(),
                defaults.validatorKeyFile(),
                new NodeConfig.Rpc(
                        "127.0.0.1",
                        0,
                        options.maxRequestBytes(),
                        options.maxBatchSize(),
                        true,
                        options.hosts(),
                        options.idleTimeout(),
                        options.websocketIdleTimeout()),
                new NodeConfig.Metrics(false, "127.0.0.1", 0),
                new NodeConfig.Consensus(Duration.ofSeconds(1), NodeConfig.Consensus.Mode.ON_DEMAND),
                defaults.mempool(),
                new NodeConfig.State(options.retainVersions()),
                defaults.log());
        LockstepNode node = LockstepNode.start(config, genesis, validator, "test");
        return new TestNode(node, genesis, validator, List.copyOf(accounts));
    }

    public LockstepNode node() {
        return node;
    }

    public Genesis genesis() {
        return genesis;
    }

    public ValidatorKey validator() {
        return validator;
    }

    /** Funded dev account {@code index} (0 to 2). */
    public Credentials account(int index) {
        return accounts.get(index);
    }

    /** The module a WebAssembly text resource under {@code /contracts/} compiles to. */
    public static byte[] contract(String name) {
        try (InputStream in = TestNode.class.getResourceAsStream("/contracts/" + name)) {
            assertNotNull(in, "no test contract " + name);
            return Wat.bytes(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends one request built from {@code params} (strings, numbers, lists, maps, JSON nodes). */
    public Exchange exchange(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object param : params) {
            JsonNode value = JSON.valueToTree(param);
            array.add(value == null ? JSON.nullNode() : value);
        }
        String body = request.toString();
        HttpResponse<String> response = post(body);
        assertEquals(200, response.statusCode(), () -> "HTTP " + response.statusCode() + ": " + response.body());
        return new Exchange(body, response.body(), parse(response.body()));
    }

    /** The result of a request that must succeed. */
    public JsonNode result(String method, Object... params) {
        return exchange(method, params).result();
    }

    /** The error of a request that must fail. */
    public JsonNode error(String method, Object... params) {
        return exchange(method, params).error();
    }

    /** Posts a raw body as JSON. */
    public HttpResponse<String> post(String body) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code value} as JSON text, as a request param would carry it. */
    public static String toJson(Object value) {
        return JSON.valueToTree(value).toString();
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** The account's next nonce, counting its transactions waiting in the pool. */
    public long nonce(Credentials from) {
        return Numeric.toBigInt(result("eth_getTransactionCount", from.getAddress(), "pending")
                        .textValue())
                .longValueExact();
    }

    /** An EIP-1559 transaction; {@code to} null deploys {@code data}. */
    public static byte[] sign(
            Credentials from,
            long nonce,
            String to,
            BigInteger value,
            byte[] data,
            long gas,
            BigInteger tip,
            BigInteger feeCap) {
        RawTransaction raw = RawTransaction.createTransaction(
                CHAIN_ID,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(gas),
                to == null ? "" : to,
                value,
                Numeric.toHexString(data),
                tip,
                feeCap);
        return TransactionEncoder.signMessage(raw, from);
    }

    /** A legacy EIP-155 transaction. */
    public static byte[] signLegacy(
            Credentials from, long nonce, String to, BigInteger value, byte[] data, long gas, BigInteger gasPrice) {
        RawTransaction raw = RawTransaction.createTransaction(
                BigInteger.valueOf(nonce),
                gasPrice,
                BigInteger.valueOf(gas),
                to == null ? "" : to,
                value,
                Numeric.toHexString(data));
        return TransactionEncoder.signMessage(raw, CHAIN_ID, from);
    }

    /** Sends a signed transaction; returns its hash. */
    public String sendRaw(byte[] raw) {
        return result("eth_sendRawTransaction", Numeric.toHexString(raw)).textValue();
    }

    /** The receipt of a sent transaction, polled for until it is included. */
    public JsonNode receipt(String txHash) {
        long deadline = System.nanoTime() + RECEIPT_DEADLINE.toNanos();
        while (true) {
            JsonNode receipt = result("eth_getTransactionReceipt", txHash);
            if (!receipt.isNull()) {
                return receipt;
            }
            if (System.nanoTime() > deadline) {
                fail("transaction " + txHash + " was not included within " + RECEIPT_DEADLINE);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /** An EIP-1559 transaction at the sender's next nonce (tip 1 gwei, fee cap 3 gwei), sent and included. */
    public JsonNode transact(Credentials from, String to, BigInteger value, byte[] data, long gas) {
        byte[] raw = sign(from, nonce(from), to, value, data, gas, GWEI, GWEI.multiply(BigInteger.valueOf(3)));
        return receipt(sendRaw(raw));
    }

    /** Deploys a module and returns the contract's address. */
    public String deploy(Credentials from, byte[] wasm) {
        JsonNode receipt = transact(from, null, BigInteger.ZERO, wasm, 20_000_000);
        assertEquals("0x1", receipt.get("status").textValue(), receipt::toString);
        return receipt.get("contractAddress").textValue();
    }

    /**
     * Sends transactions of one sender with consecutive nonces, in nonce order, so that one block includes
     * them all: the later nonces go first and wait in the pool for the first, whose arrival makes the block.
     * Returns their receipts in order.
     */
    public List<JsonNode> inOneBlock(List<byte[]> raws) {
        List<String> hashes = new ArrayList<>();
        for (int i = raws.size() - 1; i >= 0; i--) {
            hashes.add(0, sendRaw(raws.get(i)));
        }
        List<JsonNode> receipts = new ArrayList<>();
        for (String hash : hashes) {
            receipts.add(receipt(hash));
        }
        for (JsonNode receipt : receipts) {
            assertEquals(
                    receipts.get(0).get("blockNumber"),
                    receipt.get("blockNumber"),
                    "the transactions were meant for one block");
        }
        return receipts;
    }

    /** The head's height. */
    public long blockNumber() {
        return Numeric.toBigInt(result("eth_blockNumber").textValue()).longValueExact();
    }

    @Override
    public void close() {
        node.close();
    }
}
