package io.lockstep.vm.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.LogEntry;
import io.lockstep.vm.local.LocalChain;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * The credit-score example ({@code examples/credit-score}): its training script reproduces the committed
 * weights, and the contract, built from source by the SDK's build script and run on a {@link LocalChain}
 * (every call on the interpreter and the compiler, which must agree to the bit), scores applicants
 * exactly as {@link CreditScoreReference} does in Java floats.
 */
class CreditScoreTest {

    /** The seed of the applicants scored; printed with any mismatch so it can be replayed. */
    private static final long SEED = 0xC4ED17L;

    private static final int APPLICANTS = 300;
    private static final long SCRIPT_MINUTES = 5;
    private static final HexFormat HEX = HexFormat.of();
    private static final Path EXAMPLE = SdkBuild.repositoryRoot().resolve("examples/credit-score");
    private static final Path MODEL_TS = EXAMPLE.resolve("assembly/model.ts");
    private static final int THRESHOLD_BPS = 6000;

    private static LocalChain chain;
    private static LocalChain.Contract contract;

    /** An applicant's figures, in the contract's argument order. */
    record Applicant(long incomeUsd, int debtToIncomeBps, int latePayments, int creditYears, int openLines) {
        List<Type> abiArguments() {
            return List.of(
                    new Uint32(incomeUsd),
                    new Uint16(debtToIncomeBps),
                    new Uint8(latePayments),
                    new Uint8(creditYears),
                    new Uint8(openLines));
        }

        float referenceProbability(CreditScoreReference model) {
            return model.probability(incomeUsd, debtToIncomeBps, latePayments, creditYears, openLines);
        }

        int referenceScore(CreditScoreReference model) {
            return model.scoreBps(incomeUsd, debtToIncomeBps, latePayments, creditYears, openLines);
        }
    }

    /** Builds and deploys the contract on first use, so that without Node.js each test reports the skip. */
    private static synchronized LocalChain.Contract creditScore() {
        if (contract == null) {
            Path build = SdkBuild.build(EXAMPLE);
            chain = new LocalChain();
            contract = chain.deploy(build.resolve("credit-score.wasm"));
            System.out.println("credit-score.wasm: " + contract.code().originalSize() + " bytes, instrumented "
                    + contract.code().instrumentedSize() + " bytes, instantiation fuel "
                    + contract.code().instantiationFuel());
        }
        return contract;
    }

    @AfterAll
    static void close() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void trainingScriptReproducesTheCommittedModel() throws IOException, InterruptedException {
        Path root = SdkBuild.repositoryRoot();
        Path output = Files.createTempFile("credit-score-model", ".ts");
        Path log = Files.createTempFile("credit-score-train", ".log");
        try {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process process = new ProcessBuilder(
                            java, "examples/credit-score/train/TrainCreditScore.java", output.toString())
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(SCRIPT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("the training script did not finish in " + SCRIPT_MINUTES + " minutes");
            }
            String printed = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "the training script failed:\n" + printed);
            System.out.print(printed);
            assertEquals(
                    Files.readString(MODEL_TS, StandardCharsets.UTF_8),
                    Files.readString(output, StandardCharsets.UTF_8),
                    "retraining with " + java + " gives other weights than the committed model.ts");
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(log);
        }
    }

    @Test
    void referenceArithmeticTracksTheExactLogistic() throws IOException {
        // exp by range reduction and a degree-6 polynomial: within a few f32 ulps of the true logistic.
        double worst = 0;
        for (int n = -3200; n <= 3200; n++) {
            float t = n / 100f;
            double exact = 1 / (1 + StrictMath.exp(-(double) t));
            worst = Math.max(worst, Math.abs(CreditScoreReference.sigmoid(t) - exact));
        }
        assertTrue(worst < 3e-7, "sigmoid is off by up to " + worst);

        // So a score is the logistic of the f32 logit in basis points, rounded half up, to within rounding.
        CreditScoreReference model = CreditScoreReference.parse(MODEL_TS);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int k = 0; k < APPLICANTS; k++) {
            Applicant a = applicant(random);
            double logit = model.logit(
                    new float[] {a.incomeUsd(), a.debtToIncomeBps(), a.latePayments(), a.creditYears(), a.openLines()});
            double ideal = 10000 / (1 + StrictMath.exp(-logit));
            int score = a.referenceScore(model);
            assertTrue(Math.abs(score - ideal) <= 0.5 + 1e-2, a + " scores " + score + ", ideal " + ideal);
        }
    }

    @Test
    void scoresAreBitIdenticalToTheJavaReference() throws IOException {
        LocalChain.Contract c = creditScore();
        CreditScoreReference model = CreditScoreReference.parse(MODEL_TS);
        List<Applicant> applicants = new ArrayList<>(List.of(
                new Applicant(0, 0, 0, 0, 0),
                new Applicant(10_000_000, 20_000, 24, 80, 60),
                new Applicant(10_000_000, 0, 0, 80, 10),
                new Applicant(5_000, 20_000, 24, 0, 0),
                new Applicant(52_000, 3_200, 1, 11, 5)));
        SplittableRandom random = new SplittableRandom(SEED);
        for (int k = 0; k < APPLICANTS; k++) {
            applicants.add(k % 5 == 4 ? anywhereInRange(random) : applicant(random));
        }
        long minFuel = Long.MAX_VALUE;
        long maxFuel = 0;
        Map<Integer, Integer> histogram = new TreeMap<>();
        for (Applicant a : applicants) {
            CallOutcome.Success s = success(chain.call(c, encode("score", a.abiArguments(), Uint16.class)));
            int score = decodeUint(s.returnData(), Uint16.class).intValueExact();
            String replay = a + " (seed 0x" + Long.toHexString(SEED) + ")";
            assertEquals(a.referenceScore(model), score, replay);
            CallOutcome.Success bits =
                    success(chain.call(c, encode("probabilityBits", a.abiArguments(), Uint32.class)));
            assertEquals(
                    Integer.toHexString(Float.floatToRawIntBits(a.referenceProbability(model))),
                    decodeUint(bits.returnData(), Uint32.class).toString(16),
                    "probability bits of " + replay);
            minFuel = Math.min(minFuel, s.fuelUsed());
            maxFuel = Math.max(maxFuel, s.fuelUsed());
            histogram.merge(score / 2000 * 2000, 1, Integer::sum);
        }
        // The seeded applicants must exercise the whole curve, not one flat end of it.
        assertTrue(histogram.size() >= 4, "scores too alike to test much: " + histogram);
        System.out.println("credit-score score(): fuel " + minFuel + " to " + maxFuel + " over " + applicants.size()
                + " applicants; scores by 2000 bps: " + histogram);
    }

    @Test
    void applyRecordsTheDecisionAndEmitsScored() throws IOException {
        LocalChain.Contract c = creditScore();
        CreditScoreReference model = CreditScoreReference.parse(MODEL_TS);
        Applicant good = new Applicant(150_000, 1_000, 0, 25, 6);
        Applicant poor = new Applicant(20_000, 9_000, 6, 2, 0);
        assertTrue(good.referenceScore(model) >= THRESHOLD_BPS, "expected an approvable applicant");
        assertTrue(poor.referenceScore(model) < THRESHOLD_BPS, "expected a declinable applicant");
        byte[] alice = filled(0xA1);
        byte[] bob = filled(0xB0);
        byte[] carol = filled(0xC3);

        assertEquals(
                6000,
                decodeUint(view("approvalThresholdBps", List.of(), Uint16.class), Uint16.class)
                        .intValueExact());
        assertEquals(0, decision(alice), "no application yet");
        assertEquals(
                "no decision for this applicant",
                errorString(reverted(chain.call(
                                c, encode("scoreOf", List.of(new Address(HEX.formatHex(alice))), Uint16.class)))
                        .reason()));

        CallOutcome.Success approved = apply(alice, good);
        assertEquals(Boolean.TRUE, decode(approved.returnData(), Bool.class).getValue());
        assertScored(approved, alice, good.referenceScore(model), true);
        CallOutcome.Success declined = apply(bob, poor);
        assertEquals(Boolean.FALSE, decode(declined.returnData(), Bool.class).getValue());
        assertScored(declined, bob, poor.referenceScore(model), false);

        assertEquals(2, decision(alice));
        assertEquals(good.referenceScore(model), scoreOf(alice));
        assertEquals(1, decision(bob));
        assertEquals(poor.referenceScore(model), scoreOf(bob));
        assertEquals(0, decision(carol));

        // A later application replaces the earlier decision.
        apply(alice, poor);
        assertEquals(1, decision(alice));
        assertEquals(poor.referenceScore(model), scoreOf(alice));
        assertEquals(2, chain.storage(c).size(), "one entry per applicant");

        System.out.println("credit-score apply(): fuel " + approved.fuelUsed() + " (approved, first write), "
                + declined.fuelUsed() + " (declined, first write)");
    }

    @Test
    void outOfRangeInputsRevertWithTheirReasonsAndWriteNothing() {
        LocalChain.Contract c = creditScore();
        Map<Applicant, String> bad = Map.of(
                new Applicant(10_000_001, 0, 0, 0, 0), "incomeUsd above 10000000",
                new Applicant(0, 20_001, 0, 0, 0), "debtToIncomeBps above 20000",
                new Applicant(0, 0, 25, 0, 0), "latePayments above 24 (one a month for two years)",
                new Applicant(0, 0, 0, 81, 0), "creditYears above 80",
                new Applicant(0, 0, 0, 0, 61), "openLines above 60",
                new Applicant(4_294_967_295L, 65_535, 255, 255, 255), "incomeUsd above 10000000");
        byte[] who = filled(0xD4);
        Map<String, String> before = contents(c);
        bad.forEach((applicant, reason) -> {
            for (String function : List.of("score", "apply")) {
                CallOutcome outcome = chain.call(
                        c, encode(function, applicant.abiArguments(), Uint16.class), LocalChain.Call.DEFAULT.from(who));
                assertEquals(reason, errorString(reverted(outcome).reason()), function + " " + applicant);
            }
        });
        assertEquals(before, contents(c), "reverted applications write nothing");
        assertEquals(0, decision(who));

        // A value too wide for its ABI type is refused by the decoder before the contract runs.
        byte[] calldata = encode("score", new Applicant(1, 1, 1, 1, 1).abiArguments(), Uint16.class);
        calldata[4 + 32 + 29] = 1; // debtToIncomeBps = 65537, outside uint16
        assertEquals(
                "ABI: value out of range for uint16",
                errorString(reverted(chain.call(c, calldata)).reason()));
    }

    private static Map<String, String> contents(LocalChain.Contract c) {
        Map<String, String> out = new TreeMap<>();
        chain.storage(c).forEach((k, v) -> out.put(HEX.formatHex(k), HEX.formatHex(v)));
        return out;
    }

    /** Plausible applicants, shaped roughly like the training data. */
    private static Applicant applicant(SplittableRandom random) {
        long income = Math.round(52_000 * Math.exp(0.6 * gaussian(random)));
        int dti = (int) Math.max(0, Math.min(20_000, Math.round(3_200 + 1_800 * gaussian(random))));
        int late = random.nextInt(100) < 60 ? 0 : random.nextInt(1, 9);
        int years = random.nextInt(0, 41);
        int lines = random.nextInt(0, 16);
        return new Applicant(Math.max(0, Math.min(10_000_000, income)), dti, late, years, lines);
    }

    /** Anything the contract admits, extremes included. */
    private static Applicant anywhereInRange(SplittableRandom random) {
        return new Applicant(
                random.nextLong(0, 10_000_001),
                random.nextInt(0, 20_001),
                random.nextInt(0, 25),
                random.nextInt(0, 81),
                random.nextInt(0, 61));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static CallOutcome.Success apply(byte[] applicant, Applicant a) {
        return success(chain.call(
                contract, encode("apply", a.abiArguments(), Bool.class), LocalChain.Call.DEFAULT.from(applicant)));
    }

    private static void assertScored(CallOutcome.Success outcome, byte[] applicant, int score, boolean approved) {
        Event scored = new Event(
                "Scored",
                List.of(
                        new TypeReference<Address>(true) {},
                        new TypeReference<Uint16>() {},
                        new TypeReference<Bool>() {}));
        assertEquals(1, outcome.logs().size());
        LogEntry log = outcome.logs().get(0);
        assertEquals(2, log.topics().size());
        assertEquals(
                EventEncoder.encode(scored), "0x" + HEX.formatHex(log.topics().get(0)));
        assertArrayEquals(word(applicant), log.topics().get(1));
        List<Type> data =
                FunctionReturnDecoder.decode("0x" + HEX.formatHex(log.data()), scored.getNonIndexedParameters());
        assertEquals(BigInteger.valueOf(score), data.get(0).getValue());
        assertEquals(approved, data.get(1).getValue());
    }

    private static int decision(byte[] applicant) {
        return decodeUint(view("decisionOf", List.of(new Address(HEX.formatHex(applicant))), Uint8.class), Uint8.class)
                .intValueExact();
    }

    private static int scoreOf(byte[] applicant) {
        return decodeUint(view("scoreOf", List.of(new Address(HEX.formatHex(applicant))), Uint16.class), Uint16.class)
                .intValueExact();
    }

    private static byte[] view(String name, List<Type> args, Class<? extends Type> result) {
        return success(chain.call(contract, encode(name, args, result))).returnData();
    }

    private static byte[] encode(String name, List<Type> args, Class<? extends Type> result) {
        Function function = new Function(name, args, List.of(TypeReference.create(asRaw(result))));
        return HEX.parseHex(FunctionEncoder.encode(function).substring(2));
    }

    private static BigInteger decodeUint(byte[] returnData, Class<? extends Type> type) {
        return (BigInteger) decode(returnData, type).getValue();
    }

    private static Type decode(byte[] returnData, Class<? extends Type> type) {
        List<Type> values = FunctionReturnDecoder.decode(
                "0x" + HEX.formatHex(returnData), List.of(TypeReference.create(asRaw(type))));
        assertEquals(1, values.size(), "one result");
        return values.get(0);
    }

    private static CallOutcome.Success success(CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Reverted r) {
            throw new AssertionError("reverted: " + errorString(r.reason()));
        }
        return assertInstanceOf(CallOutcome.Success.class, outcome, outcome.status());
    }

    private static CallOutcome.Reverted reverted(CallOutcome outcome) {
        return assertInstanceOf(CallOutcome.Reverted.class, outcome, outcome.status());
    }

    /** Decodes Solidity's Error(string) revert data: selector 0x08c379a0, then the ABI-encoded string. */
    private static String errorString(byte[] reason) {
        assertEquals("08c379a0", HEX.formatHex(reason, 0, 4), "revert data is Error(string)");
        List<Type> values = FunctionReturnDecoder.decode(
                "0x" + HEX.formatHex(reason, 4, reason.length), List.of(TypeReference.create(asRaw(Utf8String.class))));
        return (String) values.get(0).getValue();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Class<Type> asRaw(Class<? extends Type> type) {
        return (Class) type;
    }

    private static byte[] word(byte[] value) {
        byte[] out = new byte[32];
        System.arraycopy(value, 0, out, 32 - value.length, value.length);
        return out;
    }

    private static byte[] filled(int b) {
        byte[] out = new byte[20];
        Arrays.fill(out, (byte) b);
        return out;
    }
}
