package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import io.lockstep.nn.DType;
import io.lockstep.node.testing.OnnxFiles;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * What hostile transactions do, before {@link HostileTransactions} gives them a sender, nonce, fees and
 * gas: deploys of mutated and oddly assembled modules, calls with programs and adversarial calldata to
 * the contracts on chain, registrations of broken models under odd names with broken ABI, and transfers
 * to ordinary, odd and own addresses.
 */
final class TransactionBodies {

    /** What a transaction does. {@code extraGas} is the gas it asks for beyond its intrinsic gas. */
    record Body(Optional<Address> to, BigInteger value, byte[] data, long extraGas, String label) {}

    /** How to talk to a deployed contract. */
    enum Kind {
        LEDGER,
        SLOTS,
        STORED_VALUE,
        RELU_CALLER,
        HOST_PROGRAM,
        NO_CALL_EXPORT,
        MUTANT
    }

    record Contract(Address address, Kind kind) {}

    /** A well-formed registration: the name it claims (empty for none) and the model. */
    record Registration(String name, byte[] model) {}

    /** The modules the run starts from. {@code storedValue} and {@code hostProgram} carry the end marker. */
    record Modules(
            byte[] ledger,
            byte[] slots,
            byte[] storedValue,
            byte[] reluCaller,
            byte[] hostProgram,
            byte[] constructorOnly) {
        List<byte[]> all() {
            return List.of(ledger, slots, storedValue, reluCaller, hostProgram, constructorOnly);
        }

        List<String> names() {
            return List.of("ledger", "slots", "stored-value", "relu-caller", "host-program", "constructor-only");
        }
    }

    /** Addresses a transfer may single out: zero, precompile-like, just past the registry, the registry, the proposer. */
    static final Address[] ODD_TARGETS = {
        Address.ZERO,
        Address.fromHex("0x0000000000000000000000000000000000000001"),
        Address.fromHex("0x0000000000000000000000000000000000000002"),
        Address.fromHex("0x0000000000000000000000000000000000000009"),
        Address.fromHex("0x00000000000000000000000000000000000000ff"),
        Address.fromHex("0x0000000000000000000000000000000000000101"),
        ModelRegistryContract.ADDRESS,
        HostileChain.PROPOSER,
    };

    private static final int MAX_CONTRACTS = 64;
    private static final String[] UNARY_OPS = {"Relu", "Abs", "Neg", "Identity", "Sigmoid", "Exp", "NoSuchOp"};

    private final Random random;
    private final Modules modules;
    private final List<Address> workers;
    private final List<byte[]> goodModels;
    private final List<Contract> contracts = new ArrayList<>();
    private final ModuleMutations mutations;
    private final HostPrograms programs;
    private final AbiShapes abi;
    private long budget;
    private Registration lastRegistration;

    TransactionBodies(
            Random random,
            Modules modules,
            List<Address> workers,
            List<byte[]> goodModels,
            List<HostPrograms.NnModel> nnModels) {
        this.random = random;
        this.modules = modules;
        this.workers = List.copyOf(workers);
        this.goodModels = List.copyOf(goodModels);
        this.mutations = new ModuleMutations(random);
        this.programs = new HostPrograms(random, nnModels);
        this.abi = new AbiShapes(random);
    }

    /** A contract later bodies call; the first {@value #MAX_CONTRACTS} are kept. */
    void addContract(Contract contract) {
        if (contracts.size() < MAX_CONTRACTS) {
            contracts.add(contract);
        }
    }

    /** A model registered during the run, which programs load from now on. */
    void addModel(HostPrograms.NnModel model) {
        programs.addModel(model);
    }

    /** What the last {@link #body} registers, when it is a well-formed registration; else null. */
    Registration lastRegistration() {
        return lastRegistration;
    }

    /**
     * What one worker transaction does: a deploy (mutated or odd), a call (program or adversarial), a
     * registration, a transfer, or calldata to code that cannot be called.
     *
     * @param budget the block gas still unassigned, which bounds the sizes of huge calldata and models
     */
    Body body(Address from, long budget) {
        this.budget = budget;
        lastRegistration = null;
        int r = random.nextInt(100);
        if (r < 22) {
            return mutantDeploy();
        }
        if (r < 28) {
            return oddDeploy();
        }
        if (r < 52) {
            return programCall();
        }
        if (r < 68) {
            return adversarialCall();
        }
        if (r < 82) {
            return registration();
        }
        if (r < 92) {
            return transfer(from);
        }
        return callWithoutCode();
    }

    private Body mutantDeploy() {
        int index = random.nextInt(modules.all().size());
        ModuleMutations.Mutant mutant =
                mutations.mutate(modules.all().get(index), modules.names().get(index));
        byte[] data = mutant.bytes();
        String label = "deploy mutant " + mutant.label();
        int r = random.nextInt(6);
        if (r < 2) {
            byte[] input = constructorInput();
            data = ModuleMutations.concat(ModuleMutations.concat(data, WasmSections.endMarker()), input);
            label += " +marker+input(" + input.length + ")";
        } else if (r == 2) {
            byte[] input = constructorInput();
            data = ModuleMutations.concat(data, input);
            label += " +input(" + input.length + ")";
        }
        long codeGas = (long) data.length * ChainRules.CODE_BYTE_GAS;
        long extra = random.nextInt(20) == 0 ? codeGas - 1 : codeGas + random.nextInt(3_000_000);
        return new Body(Optional.empty(), smallValue(), data, extra, label);
    }

    /** Unmutated modules deployed oddly: with and without constructor input, marker or constructor. */
    private Body oddDeploy() {
        byte[] data;
        String label;
        switch (random.nextInt(9)) {
            case 0 -> {
                byte[] program = programs.program();
                data = ModuleMutations.concat(modules.hostProgram(), program);
                label = "host-program constructor program(" + program.length + ")";
            }
            case 1 -> {
                byte[] input = random.nextBoolean() ? AbiCodec.uint(random.nextInt(4)) : constructorInput();
                data = ModuleMutations.concat(modules.storedValue(), input);
                label = "stored-value constructor input(" + input.length + ")";
            }
            case 2 -> {
                byte[] input = constructorInput();
                data = ModuleMutations.concat(
                        ModuleMutations.concat(modules.ledger(), WasmSections.endMarker()), input);
                label = "ledger +marker+input(" + input.length + ") without deploy export";
            }
            case 3 -> {
                data = ModuleMutations.concat(modules.ledger(), randomBytes(1 + random.nextInt(64)));
                label = "ledger +input without marker";
            }
            case 4 -> {
                data = new byte[0];
                label = "empty deploy";
            }
            case 5 -> {
                data = WasmSections.HEADER.clone();
                label = "header only";
            }
            case 6 -> {
                data = ModuleMutations.concat(
                        ModuleMutations.concat(WasmSections.HEADER, WasmSections.endMarker()), constructorInput());
                label = "header+marker+input";
            }
            case 7 -> {
                data = ModuleMutations.concat(
                        modules.constructorOnly(), random.nextBoolean() ? constructorInput() : new byte[0]);
                label = "constructor-only";
            }
            default -> {
                int index = random.nextInt(modules.all().size());
                data = modules.all().get(index);
                label = "plain " + modules.names().get(index);
            }
        }
        long codeGas = (long) data.length * ChainRules.CODE_BYTE_GAS;
        return new Body(Optional.empty(), smallValue(), data, codeGas + random.nextInt(3_000_000), "deploy " + label);
    }

    private byte[] constructorInput() {
        return switch (random.nextInt(4)) {
            case 0 -> AbiCodec.uint(random.nextLong());
            case 1 -> programs.program();
            case 2 -> new byte[0];
            default -> randomBytes(random.nextInt(200));
        };
    }

    private Body programCall() {
        Kind kind = random.nextInt(4) == 0 ? Kind.MUTANT : Kind.HOST_PROGRAM;
        List<Contract> targets =
                contracts.stream().filter(c -> c.kind() == kind).toList();
        if (targets.isEmpty()) {
            targets = contracts.stream()
                    .filter(c -> c.kind() == Kind.HOST_PROGRAM)
                    .toList();
        }
        Contract target = targets.get(random.nextInt(targets.size()));
        byte[] data = random.nextInt(8) == 0 ? programs.noise() : programs.program();
        return new Body(
                Optional.of(target.address()),
                smallValue(),
                data,
                20_000 + random.nextInt(random.nextInt(5) == 0 ? 6_000_000 : 1_500_000),
                "program(" + data.length + ") to " + target.kind());
    }

    private Body adversarialCall() {
        Contract target = contracts.get(random.nextInt(contracts.size()));
        byte[] data =
                switch (target.kind()) {
                    case LEDGER -> random.nextBoolean() ? ledgerInput() : calldata();
                    case SLOTS -> random.nextBoolean() ? slotsInput() : calldata();
                    case RELU_CALLER -> random.nextBoolean() ? reluInput() : calldata();
                    default -> calldata();
                };
        return new Body(
                Optional.of(target.address()),
                smallValue(),
                data,
                random.nextInt(2_000_000),
                "call " + target.kind() + " data(" + data.length + ")");
    }

    private byte[] ledgerInput() {
        int tail = random.nextInt(10) == 0 ? 2_000 + random.nextInt(100) : random.nextInt(100);
        byte[] data = randomBytes(1 + tail);
        data[0] = (byte) random.nextInt(8);
        return data;
    }

    private byte[] slotsInput() {
        if (random.nextBoolean()) {
            byte[] data = randomBytes(33 + random.nextInt(random.nextInt(10) == 0 ? 70_000 : 200));
            data[0] = 1;
            return data;
        }
        byte[] data = randomBytes(35);
        data[0] = 2;
        int logs = random.nextInt(4) == 0 ? 1_000 + random.nextInt(50) : random.nextInt(100);
        data[1] = (byte) (logs >> 8);
        data[2] = (byte) logs;
        return data;
    }

    private byte[] reluInput() {
        ByteBuffer data = ByteBuffer.allocate(random.nextInt(8) == 0 ? random.nextInt(40) : 16)
                .order(ByteOrder.LITTLE_ENDIAN);
        int[] odd = {0x7fc00000, 0xffc00000, 0x7f800000, 0xff800000, 0x80000000, 0x00000001, 0x7f7fffff};
        while (data.remaining() >= 4) {
            data.putInt(random.nextBoolean() ? odd[random.nextInt(odd.length)] : random.nextInt());
        }
        return data.array();
    }

    /** Calldata for any contract: empty, short, long, huge, ABI-shaped or a program. */
    private byte[] calldata() {
        return switch (random.nextInt(7)) {
            case 0 -> new byte[0];
            case 1 -> randomBytes(1 + random.nextInt(64));
            case 2 -> randomBytes(64 + random.nextInt(4_000));
            case 3 -> randomBytes(Math.min(20_000 + random.nextInt(280_000), (int) Math.max(0, budget / 40)));
            case 4 -> abi.wild(randomBytes(4));
            case 5 -> abi.wild(ModelRegistryContract.REGISTER_SELECTOR);
            default -> programs.program();
        };
    }

    /** {@code registerModel} with good and broken models, names, ABI and value. */
    private Body registration() {
        byte[] model = goodModels.get(random.nextInt(goodModels.size()));
        byte[] name = "".getBytes(StandardCharsets.UTF_8);
        byte[] data;
        String label;
        BigInteger value = BigInteger.ZERO;
        switch (random.nextInt(12)) {
            case 0 -> {
                model = freshModel();
                name = ("m" + Long.toHexString(random.nextLong())).getBytes(StandardCharsets.UTF_8);
                label = "fresh model, new name";
            }
            case 1 -> {
                name = "relu".getBytes(StandardCharsets.UTF_8);
                model = freshModel();
                label = "fresh model under a name owned by another";
            }
            case 2 -> {
                model = randomBytes(1 + random.nextInt(3_000));
                label = "garbage model";
            }
            case 3 -> {
                model = Arrays.copyOf(model, random.nextInt(model.length));
                label = "truncated model(" + model.length + ")";
            }
            case 4 -> {
                model = mutations.damage(model).bytes();
                label = "damaged model";
            }
            case 5 -> {
                int size = (int) Math.min(50_000 + random.nextInt(400_000), Math.max(1, budget / 80));
                model = randomBytes(size);
                label = "huge garbage model(" + size + ")";
            }
            case 6 -> {
                model = oddShapeModel();
                label = "model of odd shape";
            }
            case 7 -> {
                name = oddName();
                label = "odd name(" + name.length + ")";
            }
            case 8 -> {
                value = BigInteger.ONE;
                label = "with value";
            }
            case 9 -> {
                data = abi.wild(ModelRegistryContract.REGISTER_SELECTOR);
                return registryBody(data, value, "wild ABI");
            }
            case 10 -> {
                data = abi.lyingRegister(name, model);
                return registryBody(data, value, "lying lengths");
            }
            default -> {
                data = random.nextBoolean()
                        ? randomBytes(random.nextInt(8))
                        : ModuleMutations.concat(randomBytes(4), AbiShapes.register(name, model));
                return registryBody(data, value, "no or wrong selector");
            }
        }
        Body body = registryBody(AbiShapes.register(name, model), value, label);
        lastRegistration = new Registration(new String(name, StandardCharsets.UTF_8), model);
        return body;
    }

    private Body registryBody(byte[] data, BigInteger value, String label) {
        long extra = random.nextInt(6) == 0
                ? random.nextInt(100_000)
                : (long) data.length * ChainRules.MODEL_BYTE_GAS + 50_000;
        return new Body(Optional.of(ModelRegistryContract.ADDRESS), value, data, extra, "register: " + label);
    }

    private byte[] freshModel() {
        String op = UNARY_OPS[random.nextInt(UNARY_OPS.length)];
        int rank = 1 + random.nextInt(3);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = 1 + random.nextInt(8);
        }
        return OnnxFiles.unaryModelBytes(op, random.nextBoolean() ? DType.FLOAT : DType.INT8, dims);
    }

    private byte[] oddShapeModel() {
        long[][] shapes = {
            {0},
            {0, 4},
            {-1, 4},
            {65_536, 65_536},
            {Integer.MAX_VALUE},
            {1L << 32},
            {2, 2, 2, 2, 2, 2, 2, 2, 2},
            {},
            {1_000_000},
        };
        DType[] types = {DType.FLOAT, DType.BOOL, DType.INT64, DType.UINT8};
        long[] dims = shapes[random.nextInt(shapes.length)];
        return OnnxFiles.unaryModelBytes(
                UNARY_OPS[random.nextInt(UNARY_OPS.length)], types[random.nextInt(types.length)], dims);
    }

    private byte[] oddName() {
        return switch (random.nextInt(6)) {
            case 0 -> "a".repeat(65).getBytes(StandardCharsets.UTF_8);
            case 1 -> "a".repeat(64).getBytes(StandardCharsets.UTF_8);
            case 2 -> "\u00fc".getBytes(StandardCharsets.UTF_8);
            case 3 -> new byte[] {(byte) 0xc3, 0x28};
            case 4 -> "../relu".getBytes(StandardCharsets.UTF_8);
            default -> "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A value transfer to an ordinary, odd or own address. */
    Body transfer(Address from) {
        Address to;
        int r = random.nextInt(4);
        if (r == 0) {
            to = from;
        } else if (r == 1) {
            to = ODD_TARGETS[random.nextInt(ODD_TARGETS.length)];
        } else if (r == 2) {
            to = workers.get(random.nextInt(workers.size()));
        } else {
            to = randomAddress();
        }
        BigInteger value =
                random.nextBoolean() ? BigInteger.ZERO : BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE);
        return new Body(Optional.of(to), value, new byte[0], random.nextInt(50_000), "transfer to " + to);
    }

    /** Calldata to code that cannot be called, and to addresses without code. */
    private Body callWithoutCode() {
        Address to;
        String what;
        List<Contract> noCall =
                contracts.stream().filter(c -> c.kind() == Kind.NO_CALL_EXPORT).toList();
        if (random.nextBoolean() && !noCall.isEmpty()) {
            to = noCall.get(random.nextInt(noCall.size())).address();
            what = "constructor-only contract";
        } else {
            to = random.nextBoolean() ? ODD_TARGETS[random.nextInt(ODD_TARGETS.length)] : randomAddress();
            what = to.toString();
        }
        byte[] data = calldata();
        return new Body(
                Optional.of(to), smallValue(), data, random.nextInt(200_000), "data(" + data.length + ") to " + what);
    }

    private BigInteger smallValue() {
        return random.nextInt(6) == 0 ? BigInteger.valueOf(1 + random.nextInt(1_000_000)) : BigInteger.ZERO;
    }

    Address edgeTarget(Address self) {
        int r = random.nextInt(10);
        if (r < 2) {
            return self;
        }
        if (r < 6) {
            return ODD_TARGETS[random.nextInt(ODD_TARGETS.length)];
        }
        if (r < 8 && !contracts.isEmpty()) {
            return contracts.get(random.nextInt(contracts.size())).address();
        }
        return randomAddress();
    }

    private Address randomAddress() {
        return Address.of(randomBytes(Address.LENGTH));
    }

    private byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
