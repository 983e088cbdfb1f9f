package io.lockstep.bench.load;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.RawTransaction;
import org.web3j.utils.Numeric;

/**
 * Prepares a chain for the classifier scenarios, with ordinary transactions from one funded account:
 * registers the Iris model under its name at the model registry, deploys the classifier, and classifies
 * once so that {@code lastResult} of that account has a value. Prints the contract's address.
 *
 * <pre>
 * java -cp benchmarks/target/lockstep-benchmarks.jar io.lockstep.bench.load.ClassifierSetup \
 *     --rpc http://127.0.0.1:8545/ --key 0 --wasm iris-classifier.wasm --model examples/iris-classifier/model/iris.onnx
 * </pre>
 */
public final class ClassifierSetup {

    /** The model registry's address (docs/spec/execution.md). */
    static final String MODEL_REGISTRY = "0x0000000000000000000000000000000000000100";

    /** The name the example classifier loads its model by. */
    static final String MODEL_NAME = "iris-v1";

    private static final long RECEIPT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final List<String> USAGE = List.of(
            "usage: ClassifierSetup --wasm FILE --model FILE [--rpc URL] [--key N|0xKEY] [--name NAME]",
            "  --key   the paying account: a dev account index or a 0x private key (default 0)");

    private final EthApi api;
    private final Sender account;
    private final long chainId;
    private final BigInteger maxFee;

    ClassifierSetup(EthApi api, BigInteger key) throws IOException {
        this.api = api;
        this.account = new Sender(0, key);
        this.chainId = api.chainId();
        this.maxFee = api.baseFee().shiftLeft(1).add(TransactionTemplate.TIP);
        account.nonce(api.pendingNonce(account.address()));
    }

    public static void main(String[] argv) {
        try {
            Args args = new Args(argv, java.util.Set.of());
            URI rpc = args.url("rpc", "http://127.0.0.1:8545/");
            String keyText = args.string("key", "0");
            BigInteger key = keyText.startsWith("0x")
                    ? SenderKeys.key(keyText, "--key")
                    : SenderKeys.devKey((int) args.longValue("key", 0, 0, Integer.MAX_VALUE));
            Path wasm = Path.of(args.string("wasm").orElseThrow(() -> new UsageException("--wasm is required")));
            Path model = Path.of(args.string("model").orElseThrow(() -> new UsageException("--model is required")));
            String name = args.string("name", MODEL_NAME);
            args.finish(USAGE);
            try (EthApi api = new EthApi(rpc, 30_000)) {
                System.out.println(new ClassifierSetup(api, key)
                        .prepare(Files.readAllBytes(wasm), Files.readAllBytes(model), name));
            }
        } catch (UsageException e) {
            System.err.println("setup: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("setup: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The paying account's address. */
    String account() {
        return account.address();
    }

    /** Registers the model, deploys the classifier and classifies once; returns the contract's address. */
    String prepare(byte[] wasm, byte[] model, String modelName) throws IOException {
        String register = FunctionEncoder.encode(
                new Function("registerModel", List.of(new Utf8String(modelName), new DynamicBytes(model)), List.of()));
        long registerGas = 21_000 + 16L * (register.length() / 2) + 50L * model.length + 1_000_000;
        send(MODEL_REGISTRY, register, registerGas, "registering the model");

        long deployGas = 21_000 + 32_000 + 216L * wasm.length + 2_000_000;
        EthApi.ReceiptSummary deployed = send("", Numeric.toHexString(wasm), deployGas, "deploying the classifier");
        String contract = deployed.contractAddress()
                .orElseThrow(() -> new IOException("the deploy's receipt names no contract address"));

        send(contract, TransactionTemplate.classifyCalldata(new SplittableRandom(1)), 1_000_000, "classifying once");
        return contract;
    }

    private EthApi.ReceiptSummary send(String to, String data, long gas, String what) throws IOException {
        RawTransaction raw = RawTransaction.createTransaction(
                chainId,
                BigInteger.valueOf(account.nonce()),
                BigInteger.valueOf(gas),
                to,
                BigInteger.ZERO,
                data,
                TransactionTemplate.TIP,
                maxFee);
        SignedTx tx = SignedTx.sign(raw, account.credentials());
        String hash = api.sendRawTransaction(tx.encoded());
        account.nonce(account.nonce() + 1);
        EthApi.ReceiptSummary receipt = awaitReceipt(hash, what);
        if (!receipt.success()) {
            throw new IOException(what + " failed: transaction " + hash + " has a failed receipt");
        }
        return receipt;
    }

    private EthApi.ReceiptSummary awaitReceipt(String hash, String what) throws IOException {
        long deadline = System.nanoTime() + RECEIPT_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            Optional<EthApi.ReceiptSummary> receipt = api.receipt(hash);
            if (receipt.isPresent()) {
                return receipt.get();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new IOException(what + ": no receipt for " + hash + " within 60 s");
    }
}
