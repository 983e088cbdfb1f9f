package io.lockstep.node.execution;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Inputs for the {@code host-program.wat} contract: programs whose steps call the host ABI and WASI-NN
 * with arguments that are mostly plausible (pointers into the data area, small lengths, live handles, the
 * tensor a registered model takes) and often not (pointers past memory, lengths at and past the ABI's
 * limits, dead handles, wrong shapes and types), plus steps that trap, recurse, grow memory, spin, or
 * write many keys and logs.
 */
final class HostPrograms {

    /** A model registered for the run, as a program addresses it. */
    record NnModel(String name, byte[] hash, int typeTag, int[] dims, int elementBytes) {
        int dataBytes() {
            int n = elementBytes;
            for (int d : dims) {
                n *= d;
            }
            return n;
        }
    }

    static final int STEP_BYTES = 21;
    static final int DATA_END = 32768;

    private static final int STORAGE_READ = 0;
    private static final int STORAGE_WRITE = 1;
    private static final int STORAGE_REMOVE = 2;
    private static final int INPUT_COPY = 3;
    private static final int SET_RETURN = 4;
    private static final int CALLER = 5;
    private static final int SELF = 6;
    private static final int VALUE = 7;
    private static final int CONTEXT = 8;
    private static final int EMIT_LOG = 9;
    private static final int REVERT = 10;
    private static final int NN_LOAD = 11;
    private static final int NN_LOAD_BY_NAME = 12;
    private static final int NN_INIT = 13;
    private static final int NN_SET_INPUT = 14;
    private static final int NN_COMPUTE = 15;
    private static final int NN_GET_OUTPUT = 16;
    private static final int GROW = 17;
    private static final int WRITE_MANY = 18;
    private static final int LOG_MANY = 19;
    private static final int SPIN = 20;
    private static final int UNREACHABLE = 21;
    private static final int RECURSE = 22;
    private static final int DIVIDE = 23;
    private static final int STORE = 24;
    private static final int FILL = 25;
    private static final int COPY = 26;
    private static final int STOP = 27;

    private static final int[] WILD = {-1, 0x8000_0000, 0x7FFF_FFFF, 65_536, 65_536 * 512, 65_535, -32};

    private final Random random;
    private final List<NnModel> models;
    /** Whether the program being written may use wild arguments; otherwise every argument is plausible. */
    private boolean hostile;

    HostPrograms(Random random, List<NnModel> models) {
        this.random = random;
        this.models = new ArrayList<>(models);
    }

    /** A model registered during the run: programs load it from now on. */
    void addModel(NnModel model) {
        models.add(model);
    }

    /**
     * A program of a few to a few dozen steps, a third of them inference sequences. Two in five are
     * hostile: their arguments are often wild and their steps often trap; the others keep to plausible
     * arguments, so that they run to their end and reach the successful paths.
     */
    byte[] program() {
        hostile = random.nextInt(5) < 2;
        Program p = new Program();
        int steps = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 12);
        for (int i = 0; i < steps; i++) {
            int kind = random.nextInt(100);
            if (kind < 30) {
                inference(p);
            } else if (kind < 40) {
                bulk(p);
            } else if (kind < 50 && (hostile || random.nextInt(4) == 0)) {
                failure(p);
            } else {
                hostCall(p);
            }
        }
        return p.bytes();
    }

    /** Steps of nothing but random bytes: opcodes and arguments both arbitrary. */
    byte[] noise() {
        byte[] out = new byte[STEP_BYTES * (1 + random.nextInt(20)) + random.nextInt(STEP_BYTES)];
        random.nextBytes(out);
        return out;
    }

    /** One host ABI call with plausible or wild arguments. */
    private void hostCall(Program p) {
        switch (random.nextInt(11)) {
            case 0 -> p.step(STORAGE_READ, ptr(), keyLength(), ptr(), length());
            case 1 -> p.step(STORAGE_WRITE, ptr(), keyLength(), ptr(), valueLength());
            case 2 -> p.step(STORAGE_REMOVE, ptr(), keyLength());
            case 3 -> p.step(INPUT_COPY, ptr(), small(), length());
            case 4 -> p.step(SET_RETURN, ptr(), returnLength());
            case 5 -> p.step(CALLER, ptr());
            case 6 -> p.step(SELF, ptr());
            case 7 -> p.step(VALUE, ptr());
            case 8 -> p.step(CONTEXT);
            case 9 -> p.step(EMIT_LOG, ptr(), topics(), ptr(), logLength());
            default -> p.step(REVERT, ptr(), returnLength());
        }
    }

    /** Many storage keys or logs, memory growth, bulk memory. */
    private void bulk(Program p) {
        switch (random.nextInt(5)) {
            case 0 -> p.step(
                    WRITE_MANY, random.nextInt(random.nextInt(10) == 0 ? 5_000 : 200), dataPtr(64), random.nextInt(65));
            case 1 -> {
                boolean heavy = random.nextInt(40) == 0;
                int count = heavy ? 1_000 + random.nextInt(40) : random.nextInt(200);
                int data = heavy ? 65_536 : random.nextInt(random.nextBoolean() ? 64 : 4_096);
                p.step(LOG_MANY, count, dataPtr(128), random.nextInt(5), 0, data);
            }
            case 2 -> p.step(GROW, random.nextInt(10) == 0 ? wild() : random.nextInt(600));
            case 3 -> p.step(FILL, ptr(), random.nextInt(256), length());
            default -> p.step(COPY, ptr(), ptr(), length());
        }
    }

    /** Steps that end the call: traps, a spin, deep recursion, a revert, a stop. */
    private void failure(Program p) {
        switch (random.nextInt(8)) {
            case 0 -> p.step(SPIN);
            case 1 -> p.step(UNREACHABLE);
            case 2 -> p.step(RECURSE, random.nextInt(3) == 0 ? wild() : random.nextInt(20_000));
            case 3 -> p.step(
                    DIVIDE, random.nextBoolean() ? Integer.MIN_VALUE : random.nextInt(), random.nextBoolean() ? 0 : -1);
            case 4 -> p.step(STORE, ptr(), random.nextInt());
            case 5 -> p.step(REVERT, dataPtr(0), random.nextInt(100));
            case 6 -> p.step(STOP);
            default -> p.step(
                    random.nextInt(256),
                    random.nextInt(),
                    random.nextInt(),
                    random.nextInt(),
                    random.nextInt(),
                    random.nextInt());
        }
    }

    /**
     * A WASI-NN sequence: load by name or hash, init, set input, compute, get output, each step right
     * most of the time and wrong (handle, shape, type, length, pointer) otherwise.
     */
    private void inference(Program p) {
        NnModel model = models.get(random.nextInt(models.size()));
        int name = 1024 + 64 * random.nextInt(4);
        int slots = 2048;
        int graphOut = slots;
        int contextOut = slots + 4;
        if (model.name().isEmpty() || random.nextInt(3) == 0) {
            int builder = slots + 16;
            int hash = slots + 32;
            byte[] hashBytes = hostile && random.nextInt(8) == 0 ? randomBytes(32) : model.hash();
            p.write(hash, hashBytes);
            p.write(builder, le(hash, sometimes(32, 31)));
            p.step(
                    NN_LOAD,
                    sometimesWild(builder),
                    sometimes(1, 2),
                    sometimes(1, 0),
                    sometimes(0, 2),
                    sometimesWild(graphOut));
        } else {
            byte[] nameBytes =
                    switch (hostile ? random.nextInt(10) : 9) {
                        case 0 -> "nope".getBytes(StandardCharsets.UTF_8);
                        case 1 -> new byte[] {(byte) 0xc3, 0x28};
                        case 2 -> new byte[0];
                        default -> model.name().getBytes(StandardCharsets.UTF_8);
                    };
            p.write(name, nameBytes);
            int nameLength =
                    hostile && random.nextInt(8) == 0 ? (random.nextBoolean() ? 257 : wild()) : nameBytes.length;
            p.step(NN_LOAD_BY_NAME, sometimesWild(name), nameLength, sometimesWild(graphOut));
        }
        if (hostile && random.nextInt(6) == 0) {
            return;
        }
        p.step(NN_INIT, handle(), sometimesWild(contextOut));
        int dims = slots + 64;
        int tensor = slots + 128;
        int data = slots + 256;
        int[] shape = model.dims().clone();
        if (hostile && random.nextInt(5) == 0 && shape.length > 0) {
            shape[random.nextInt(shape.length)] += random.nextBoolean() ? 1 : -1;
        }
        int dimCount = hostile && random.nextInt(8) == 0 ? random.nextInt(10) : shape.length;
        ByteBuffer dimBytes =
                ByteBuffer.allocate(4 * Math.max(dimCount, shape.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (int d : shape) {
            dimBytes.putInt(d);
        }
        p.write(dims, dimBytes.array());
        int dataLength =
                hostile && random.nextInt(6) == 0 ? model.dataBytes() + random.nextInt(9) - 4 : model.dataBytes();
        if (hostile && random.nextInt(20) == 0) {
            dataLength = wild();
        }
        byte[] input = randomBytes(Math.max(0, Math.min(dataLength, 512)));
        if (model.typeTag() == 7 && (!hostile || random.nextInt(4) != 0)) {
            for (int i = 0; i < input.length; i++) {
                input[i] &= 1;
            }
        }
        p.write(data, input);
        int type = hostile && random.nextInt(6) == 0 ? random.nextInt(random.nextBoolean() ? 9 : 256) : model.typeTag();
        p.write(tensor, le(sometimesWild(dims), dimCount, type, sometimesWild(data), dataLength));
        p.step(NN_SET_INPUT, handle(), sometimes(0, 1), sometimesWild(tensor));
        if (hostile && random.nextInt(8) == 0) {
            return;
        }
        p.step(NN_COMPUTE, handle());
        int out = slots + 1024;
        int capacity = hostile && random.nextInt(5) == 0 ? random.nextInt(model.dataBytes() + 2) : 4096;
        p.step(NN_GET_OUTPUT, handle(), sometimes(0, 1), sometimesWild(out), capacity, sometimesWild(slots + 8));
        if (random.nextBoolean()) {
            p.step(SET_RETURN, out, model.dataBytes());
        }
    }

    private int handle() {
        return hostile && random.nextInt(5) == 0 ? (random.nextBoolean() ? 1 + random.nextInt(20) : wild()) : 0;
    }

    private int sometimes(int usual, int odd) {
        return hostile && random.nextInt(8) == 0 ? odd : usual;
    }

    private int sometimesWild(int usual) {
        return hostile && random.nextInt(12) == 0 ? wild() : usual;
    }

    /** A pointer: mostly in the data area, sometimes straddling the end of memory or past it. */
    private int ptr() {
        if (!hostile) {
            return random.nextInt(DATA_END - 1024);
        }
        int r = random.nextInt(100);
        if (r < 65) {
            return random.nextInt(DATA_END - 64);
        }
        if (r < 75) {
            return 65_536 - random.nextInt(64);
        }
        if (r < 82) {
            return DATA_END + random.nextInt(DATA_END);
        }
        return wild();
    }

    private int dataPtr(int room) {
        return random.nextInt(DATA_END - room);
    }

    private int length() {
        int r = hostile ? random.nextInt(100) : random.nextInt(60);
        if (r < 60) {
            return random.nextInt(65);
        }
        if (r < 80) {
            return random.nextInt(70_000);
        }
        return wild();
    }

    private int keyLength() {
        int r = hostile ? random.nextInt(100) : random.nextInt(60);
        if (r < 60) {
            return random.nextInt(40);
        }
        if (r < 85) {
            return 255 + random.nextInt(3);
        }
        return wild();
    }

    private int valueLength() {
        int r = hostile ? random.nextInt(100) : random.nextInt(70);
        if (r < 70) {
            return random.nextInt(100);
        }
        if (r < 85) {
            return 65_535 + random.nextInt(3);
        }
        return wild();
    }

    private int returnLength() {
        int r = hostile ? random.nextInt(100) : random.nextInt(60);
        if (r < 60) {
            return random.nextInt(200);
        }
        if (r < 80) {
            return (1 << 20) + random.nextInt(3) - 1;
        }
        return wild();
    }

    private int logLength() {
        int r = hostile ? random.nextInt(100) : random.nextInt(70);
        if (r < 70) {
            return random.nextInt(200);
        }
        if (r < 85) {
            return 65_535 + random.nextInt(3);
        }
        return wild();
    }

    private int topics() {
        return hostile && random.nextInt(10) == 0 ? (random.nextBoolean() ? 5 : wild()) : random.nextInt(5);
    }

    private int small() {
        return hostile && random.nextInt(10) == 0 ? wild() : random.nextInt(64);
    }

    private int wild() {
        return random.nextInt(4) == 0 ? random.nextInt() : WILD[random.nextInt(WILD.length)];
    }

    private byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static byte[] le(int... words) {
        ByteBuffer out = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            out.putInt(w);
        }
        return out.array();
    }

    /** A program being written: steps of an opcode and five arguments. */
    private static final class Program {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void step(int op, int... args) {
            ByteBuffer step = ByteBuffer.allocate(STEP_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            step.put((byte) op);
            for (int i = 0; i < 5; i++) {
                step.putInt(i < args.length ? args[i] : 0);
            }
            out.writeBytes(step.array());
        }

        /** Steps that store {@code bytes} at {@code at}, four at a time, zero-padded. */
        void write(int at, byte[] bytes) {
            for (int i = 0; i < bytes.length; i += 4) {
                int word = 0;
                for (int k = 0; k < 4 && i + k < bytes.length; k++) {
                    word |= (bytes[i + k] & 0xff) << (8 * k);
                }
                step(STORE, at + i, word);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
