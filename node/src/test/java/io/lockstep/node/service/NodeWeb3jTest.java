package io.lockstep.node.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.node.config.DevAccounts;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.NodeConfig;
import io.lockstep.node.config.ValidatorKey;
import io.lockstep.node.contract.ContractBuilder;
import io.lockstep.node.contract.RepositoryRoot;
import io.lockstep.node.contract.Toolchain;
import io.lockstep.node.execution.ModelRegistryContract;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Int16;
import org.web3j.abi.datatypes.generated.StaticArray4;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * A node started as {@code lockstep dev} starts one, driven over real HTTP with Web3j as a user would:
 * deploy the example contracts, register the classifier's model, call, read receipts and logs, {@code
 * eth_call} views, and be refused with clear errors.
 */
class NodeWeb3jTest {

    private static final long CHAIN_ID = 1337;
    private static final Path ROOT = RepositoryRoot.locate().orElseThrow();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);

    @TempDir
    static Path dir;

    private static LockstepNode node;
    private static Web3j web3;
    private static Credentials alice;
    private static Credentials bob;
    private static byte[] counterWasm;
    private static byte[] counterRustWasm;
    private static byte[] creditScoreWasm;
    private static byte[] irisWasm;

    @BeforeAll
    static void start() throws Exception {
        StringWriter log = new StringWriter();
        ContractBuilder builder = new ContractBuilder(ROOT, Toolchain.FROM_PATH, new PrintWriter(log));
        counterWasm = Files.readAllBytes(builder.build(ROOT.resolve("examples/counter"), dir.resolve("counter"))
                .wasm());
        irisWasm = Files.readAllBytes(builder.build(ROOT.resolve("examples/iris-classifier"), dir.resolve("iris"))
                .wasm());
        counterRustWasm =
                Files.readAllBytes(builder.build(ROOT.resolve("examples/counter-rust"), dir.resolve("counter-rust"))
                        .wasm());
        creditScoreWasm =
                Files.readAllBytes(builder.build(ROOT.resolve("examples/credit-score"), dir.resolve("credit-score"))
                        .wasm());

        DevAccounts accounts = DevAccounts.generate(4);
        alice = Credentials.create(accounts.accounts().get(0).privateKeyHex());
        bob = Credentials.create(accounts.accounts().get(1).privateKeyHex());
        ValidatorKey validator = ValidatorKey.generate(new SecureRandom());
        Genesis genesis = accounts.genesis(CHAIN_ID, 1_700_000_000L, validator.address());
        NodeConfig defaults =
                NodeConfig.withDefaults(dir.resolve("data"), dir.resolve("genesis.yaml"), dir.resolve("key"));
        NodeConfig config = new NodeConfig(
                defaults.dataDir(),
                defaults.genesisFile(),
                defaults.validatorKeyFile(),
                new NodeConfig.Rpc("127.0.0.1", 0, defaults.rpc().maxRequestBytes(), 100, true),
                new NodeConfig.Metrics(true, "127.0.0.1", 0),
                new NodeConfig.Consensus(Duration.ofSeconds(1), NodeConfig.Consensus.Mode.ON_DEMAND),
                defaults.mempool(),
                defaults.state(),
                defaults.log());
        node = LockstepNode.start(config, genesis, validator, "test");
        web3 = Web3j.build(
                new HttpService("http://127.0.0.1:" + node.rpcAddress().getPort()));
    }

    @AfterAll
    static void stop() {
        if (web3 != null) {
            web3.shutdown();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void answersWhatWalletsAskFirst() throws IOException {
        assertEquals(
                "lockstep/test/java" + Runtime.version().feature(),
                web3.web3ClientVersion().send().getWeb3ClientVersion());
        assertEquals(BigInteger.valueOf(CHAIN_ID), web3.ethChainId().send().getChainId());
        assertEquals("1337", web3.netVersion().send().getNetVersion());
        assertEquals(
                DevAccounts.DEFAULT_BALANCE,
                web3.ethGetBalance(bob.getAddress(), DefaultBlockParameterName.EARLIEST)
                        .send()
                        .getBalance());
        assertTrue(web3.ethGasPrice().send().getGasPrice().signum() > 0);
        assertNotNull(web3.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, true)
                .send()
                .getBlock());
    }

    @Test
    void deploysTheCounterAndCallsItWithReceiptsLogsAndViews() throws Exception {
        TransactionReceipt deployed =
                send(alice, null, withConstructor(counterWasm, new Uint256(0)), BigInteger.ZERO, 10_000_000);
        assertTrue(deployed.isStatusOK(), deployed.toString());
        String counter = deployed.getContractAddress();
        assertNotNull(counter);
        assertEquals(
                Numeric.toHexString(counterWasm),
                web3.ethGetCode(counter, DefaultBlockParameterName.LATEST)
                        .send()
                        .getCode());

        TransactionReceipt incremented =
                send(alice, counter, calldata("increment", new Uint256(5)), BigInteger.ZERO, 1_000_000);
        assertTrue(incremented.isStatusOK(), incremented.toString());
        Log log = incremented.getLogs().get(0);
        assertEquals(counter, log.getAddress());
        assertEquals(
                Numeric.toHexString(Arrays.copyOfRange(Numeric.hexStringToByteArray(alice.getAddress()), 0, 20)),
                "0x" + log.getTopics().get(1).substring(26));
        assertEquals(BigInteger.valueOf(5), view(counter, calldata("get"), new TypeReference<Uint256>() {}));

        EthCall reverted = web3.ethCall(
                        Transaction.createEthCallTransaction(
                                alice.getAddress(),
                                counter,
                                Numeric.toHexString(calldata("increment", new Uint256(0)))),
                        DefaultBlockParameterName.LATEST)
                .send();
        assertTrue(reverted.hasError());
        assertEquals(3, reverted.getError().getCode());
        assertEquals(
                "execution reverted: increment must be positive",
                reverted.getError().getMessage());
    }

    @Test
    void deploysTheRustCounterAndTheCreditScoreNetworkAndCallsThem() throws Exception {
        Credentials carol =
                Credentials.create(DevAccounts.generate(3).accounts().get(2).privateKeyHex());
        TransactionReceipt rust =
                send(carol, null, withConstructor(counterRustWasm, new Uint256(0)), BigInteger.ZERO, 10_000_000);
        assertTrue(rust.isStatusOK(), rust.toString());
        String counter = rust.getContractAddress();
        TransactionReceipt stepped =
                send(carol, counter, calldata("increment", new Uint256(7)), BigInteger.ZERO, 1_000_000);
        assertTrue(stepped.isStatusOK(), stepped.toString());
        assertEquals(BigInteger.valueOf(7), view(counter, calldata("count"), new TypeReference<Uint256>() {}));

        TransactionReceipt credit = send(carol, null, creditScoreWasm, BigInteger.ZERO, 10_000_000);
        assertTrue(credit.isStatusOK(), credit.toString());
        String scorer = credit.getContractAddress();
        Type<?>[] applicant = {new Uint32(85_000), new Uint16(1_800), new Uint8(0), new Uint8(12), new Uint8(4)};
        BigInteger score = view(scorer, calldata("score", applicant), new TypeReference<Uint16>() {});
        TransactionReceipt applied = send(carol, scorer, calldata("apply", applicant), BigInteger.ZERO, 2_000_000);
        assertTrue(applied.isStatusOK(), applied.toString());
        assertEquals(1, applied.getLogs().size(), "Scored");
        assertEquals(
                score,
                view(scorer, calldata("scoreOf", new Address(carol.getAddress())), new TypeReference<Uint16>() {}));
    }

    @Test
    void webSocketSubscribersGetNewHeadsAndFilteredLogs() throws Exception {
        Credentials dave =
                Credentials.create(DevAccounts.generate(4).accounts().get(3).privateKeyHex());
        String counter = send(dave, null, withConstructor(counterWasm, new Uint256(0)), BigInteger.ZERO, 10_000_000)
                .getContractAddress();
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + node.rpcAddress().getPort() + "/"), new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    try {
                                        messages.add(JSON.readTree(text.toString()));
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                    text.setLength(0);
                                }
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(30, TimeUnit.SECONDS);
        try {
            socket.sendText(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}", true);
            String heads = next(messages).get("result").asText();
            socket.sendText(
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_subscribe\",\"params\":[\"logs\",{\"address\":\""
                            + counter + "\"}]}",
                    true);
            String logs = next(messages).get("result").asText();

            TransactionReceipt incremented =
                    send(dave, counter, calldata("increment", new Uint256(3)), BigInteger.ZERO, 1_000_000);
            boolean sawHead = false;
            boolean sawLog = false;
            while (!(sawHead && sawLog)) {
                JsonNode params = next(messages).get("params");
                JsonNode result = params.get("result");
                if (params.get("subscription").asText().equals(heads)
                        && result.get("number")
                                .asText()
                                .equals(Numeric.toHexStringWithPrefix(incremented.getBlockNumber()))) {
                    assertEquals(incremented.getBlockHash(), result.get("hash").asText());
                    sawHead = true;
                }
                if (params.get("subscription").asText().equals(logs)) {
                    assertEquals(counter, result.get("address").asText());
                    assertEquals(
                            incremented.getTransactionHash(),
                            result.get("transactionHash").asText());
                    sawLog = true;
                }
            }
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    private static JsonNode next(BlockingQueue<JsonNode> messages) throws InterruptedException {
        JsonNode message = messages.poll(30, TimeUnit.SECONDS);
        assertNotNull(message, "no WebSocket message within 30 s");
        return message;
    }

    @Test
    void registersTheIrisModelAndClassifiesOnChain() throws Exception {
        byte[] model = Files.readAllBytes(ROOT.resolve("examples/iris-classifier/model/iris.onnx"));
        byte[] register = calldata("registerModel", new Utf8String("iris-v1"), new DynamicBytes(model));
        TransactionReceipt registered =
                send(bob, ModelRegistryContract.ADDRESS.toHex(), register, BigInteger.ZERO, 2_000_000);
        assertTrue(registered.isStatusOK(), registered.toString());

        TransactionReceipt deployed = send(bob, null, irisWasm, BigInteger.ZERO, 20_000_000);
        assertTrue(deployed.isStatusOK(), deployed.toString());
        String iris = deployed.getContractAddress();

        TransactionReceipt classified = send(bob, iris, classify(51, 35, 14, 2), BigInteger.ZERO, 5_000_000);
        assertTrue(classified.isStatusOK(), classified.toString());
        assertEquals(1, classified.getLogs().size());
        assertEquals(
                BigInteger.ZERO,
                Numeric.toBigInt(classified.getLogs().get(0).getTopics().get(2)),
                "setosa");
        assertEquals(
                BigInteger.ZERO,
                view(iris, calldata("lastResult", new Address(bob.getAddress())), new TypeReference<Int16>() {}));

        EthCall refused = web3.ethCall(
                        Transaction.createEthCallTransaction(
                                bob.getAddress(), iris, Numeric.toHexString(classify(0, 35, 14, 2))),
                        DefaultBlockParameterName.LATEST)
                .send();
        assertEquals(3, refused.getError().getCode());
        assertTrue(
                refused.getError().getMessage().contains("must be 1 to 500 mm"),
                refused.getError().getMessage());
    }

    @Test
    void refusesBadTransactionsWithClearErrorsAndKeepsServing() throws Exception {
        BigInteger nonce = nonce(alice);
        assertRefused(
                sign(alice, nonce, "0x000000000000000000000000000000000000dead", new byte[0], 21_000, CHAIN_ID + 1),
                "invalid chain id");
        assertRefused(
                sign(alice, nonce, "0x000000000000000000000000000000000000dead", new byte[0], 20_000, CHAIN_ID),
                "intrinsic gas too low");
        assertRefused(
                sign(alice, nonce, "0x000000000000000000000000000000000000dead", new byte[0], 1L << 40, CHAIN_ID),
                "exceeds block gas limit");
        assertRefused(
                sign(alice, nonce, null, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 9}, 5_000_000, CHAIN_ID),
                "invalid wasm module");
        byte[] good = sign(alice, nonce, "0x000000000000000000000000000000000000dead", new byte[0], 21_000, CHAIN_ID);
        byte[] badSignature = good.clone();
        badSignature[badSignature.length - 5] ^= 0x55;
        EthSendTransaction garbled =
                web3.ethSendRawTransaction(Numeric.toHexString(badSignature)).send();
        assertTrue(garbled.hasError());
        TransactionReceipt ok =
                receipt(web3.ethSendRawTransaction(Numeric.toHexString(good)).send());
        assertTrue(ok.isStatusOK());
        assertRefused(good, "nonce too low");
        assertFalse(web3.ethBlockNumber().send().hasError());
    }

    private static void assertRefused(byte[] raw, String message) throws IOException {
        EthSendTransaction sent =
                web3.ethSendRawTransaction(Numeric.toHexString(raw)).send();
        assertTrue(sent.hasError(), "accepted: " + sent.getTransactionHash());
        assertTrue(
                sent.getError().getMessage().contains(message), sent.getError().getMessage());
    }

    private static byte[] classify(int... millimetres) {
        return calldata(
                "classify",
                new StaticArray4<>(
                        Uint16.class,
                        Arrays.stream(millimetres).mapToObj(v -> new Uint16(v)).toList()));
    }

    /** Deploy data as Web3j's contract wrappers send it: the module, then the constructor's ABI-encoded arguments. */
    private static byte[] withConstructor(byte[] wasm, Type<?>... args) {
        byte[] encoded = Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(args)));
        byte[] data = Arrays.copyOf(wasm, wasm.length + encoded.length);
        System.arraycopy(encoded, 0, data, wasm.length, encoded.length);
        return data;
    }

    private static byte[] calldata(String function, Type<?>... args) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function(function, List.of(args), List.of())));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BigInteger view(String contract, byte[] calldata, TypeReference<?> type) throws IOException {
        EthCall call = web3.ethCall(
                        Transaction.createEthCallTransaction(
                                alice.getAddress(), contract, Numeric.toHexString(calldata)),
                        DefaultBlockParameterName.LATEST)
                .send();
        assertFalse(call.hasError(), () -> call.getError().getMessage());
        List<Type> decoded = FunctionReturnDecoder.decode(call.getValue(), List.of((TypeReference) type));
        return (BigInteger) decoded.get(0).getValue();
    }

    private static BigInteger nonce(Credentials from) throws IOException {
        return web3.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING)
                .send()
                .getTransactionCount();
    }

    private static byte[] sign(Credentials from, BigInteger nonce, String to, byte[] data, long gas, long chainId) {
        RawTransaction raw = RawTransaction.createTransaction(
                chainId,
                nonce,
                BigInteger.valueOf(gas),
                to == null ? "" : to,
                BigInteger.ZERO,
                Numeric.toHexString(data),
                BigInteger.ZERO,
                GAS_PRICE);
        return TransactionEncoder.signMessage(raw, from);
    }

    private static TransactionReceipt send(Credentials from, String to, byte[] data, BigInteger value, long gas)
            throws Exception {
        return receipt(web3.ethSendRawTransaction(Numeric.toHexString(sign(from, nonce(from), to, data, gas, CHAIN_ID)))
                .send());
    }

    private static TransactionReceipt receipt(EthSendTransaction sent) throws Exception {
        assertFalse(sent.hasError(), () -> sent.getError().getMessage());
        return new PollingTransactionReceiptProcessor(web3, 50, 600)
                .waitForTransactionReceipt(sent.getTransactionHash());
    }
}
