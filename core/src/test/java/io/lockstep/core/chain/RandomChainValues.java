package io.lockstep.core.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/** Seeded builders of headers, logs and receipts over the whole range of every field. */
final class RandomChainValues {

    private final SplittableRandom random;

    RandomChainValues(long seed) {
        this.random = new SplittableRandom(seed);
    }

    byte[] bytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /** Lengths around RLP's boundaries (0, 1, 55, 56, 256) more often than uniform. */
    byte[] someBytes() {
        int[] lengths = {0, 1, 2, 55, 56, 57, 255, 256, 1_000};
        byte[] out = bytes(lengths[random.nextInt(lengths.length)]);
        if (out.length == 1 && random.nextBoolean()) {
            out[0] &= 0x7F; // a single byte that is its own RLP encoding
        }
        return out;
    }

    long someLong() {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(0x80);
            case 2 -> 0x80 + random.nextInt(0x100);
            case 3 -> Long.MAX_VALUE;
            default -> random.nextLong(Long.MAX_VALUE);
        };
    }

    BigInteger someUint256() {
        return switch (random.nextInt(4)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
            default -> new BigInteger(random.nextInt(257), new Random(random.nextLong()));
        };
    }

    Hash32 hash() {
        return Hash32.of(bytes(32));
    }

    Address address() {
        return Address.of(bytes(20));
    }

    Log log() {
        List<Hash32> topics = new ArrayList<>();
        int count = random.nextInt(Log.MAX_TOPICS + 1);
        for (int i = 0; i < count; i++) {
            topics.add(hash());
        }
        return new Log(address(), topics, someBytes());
    }

    Receipt receipt() {
        boolean success = random.nextBoolean();
        List<Log> logs = new ArrayList<>();
        if (success) {
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                logs.add(log());
            }
        }
        long gasUsed = someLong();
        long cumulative = gasUsed == Long.MAX_VALUE ? gasUsed : gasUsed + random.nextLong(Long.MAX_VALUE - gasUsed);
        String[] errors = {"out of fuel", "trapped: unreachable", "reverted", "trapped: integer divide by zero ✗"};
        return new Receipt(
                success,
                cumulative,
                gasUsed,
                someLong(),
                logs,
                someBytes(),
                random.nextBoolean() ? Optional.of(address()) : Optional.empty(),
                someUint256(),
                random.nextBoolean() ? TxType.LEGACY : TxType.EIP1559,
                success ? Optional.empty() : Optional.of(errors[random.nextInt(errors.length)]));
    }

    BlockHeader header() {
        List<Log> logs = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            logs.add(log());
        }
        return new BlockHeader(
                hash(),
                someLong(),
                someLong(),
                address(),
                hash(),
                hash(),
                hash(),
                Bloom.of(logs),
                someLong(),
                someLong(),
                someUint256(),
                someLong(),
                bytes(random.nextInt(BlockHeader.MAX_EXTRA_DATA + 1)));
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
