package io.lockstep.node.config;

import io.lockstep.core.chain.Address;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Valid genesis and configuration values drawn from a seeded {@link Random}, edges included. */
final class RandomValues {

    private final Random random;

    RandomValues(long seed) {
        this.random = new Random(seed);
    }

    Genesis genesis() {
        int allocCount = random.nextInt(12);
        Set<Address> addresses = new LinkedHashSet<>();
        while (addresses.size() < allocCount) {
            addresses.add(address());
        }
        List<Genesis.Allocation> alloc = new ArrayList<>();
        // One account may hold up to the whole 256-bit range, then the total must leave room for the rest.
        BigInteger room = Scalars.TWO_TO_THE_256.subtract(BigInteger.ONE);
        for (Address address : addresses) {
            BigInteger balance = pick(BigInteger.ZERO, room, new BigInteger(random.nextInt(255) + 1, random).min(room));
            room = room.subtract(balance);
            alloc.add(new Genesis.Allocation(address, balance));
        }
        int validatorCount = 1 + random.nextInt(4);
        List<Genesis.Validator> validators = new ArrayList<>();
        Set<Address> validatorAddresses = new LinkedHashSet<>();
        while (validatorAddresses.size() < validatorCount) {
            validatorAddresses.add(address());
        }
        long powerRoom = ChainSpec.MAX_TOTAL_VOTING_POWER;
        for (Address address : validatorAddresses) {
            long power = 1 + Math.floorMod(random.nextLong(), Math.min(powerRoom / validatorCount, 1L << 40));
            validators.add(new Genesis.Validator(address, power));
        }
        Genesis.Vm vm = new Genesis.Vm(
                1 + random.nextInt(Integer.MAX_VALUE),
                1 + random.nextInt(100),
                pick("nn-2", "nn-10.1", "k" + random.nextInt(1000)),
                1 + random.nextInt(100));
        return new Genesis(
                pick(1L, ChainSpec.MAX_CHAIN_ID, 1 + Math.floorMod(random.nextLong(), ChainSpec.MAX_CHAIN_ID)),
                pick(0L, Genesis.MAX_GENESIS_TIME, Math.floorMod(random.nextLong(), Genesis.MAX_GENESIS_TIME)),
                pick(ChainSpec.MIN_BLOCK_GAS_LIMIT, Long.MAX_VALUE, 21_000L + random.nextInt(100_000_000)),
                pick(BigInteger.ZERO, Scalars.TWO_TO_THE_256.subtract(BigInteger.ONE), new BigInteger(64, random)),
                alloc,
                validators,
                vm);
    }

    NodeConfig config(Path base) {
        long maxBytes = 1 + Math.floorMod(random.nextLong(), 1L << 40);
        int maxTransactions = 1 + random.nextInt(1_000_000);
        return new NodeConfig(
                base.resolve("d" + random.nextInt(100)),
                pick(base.resolve("genesis.yaml"), Path.of("/elsewhere/chain/genesis.yaml"), base.resolve("g/x.yaml")),
                base.resolve("keys/validator.key"),
                new NodeConfig.Rpc(
                        pick("127.0.0.1", "0.0.0.0", "::1", "node.example"),
                        random.nextInt(65_536),
                        1 + random.nextInt(Integer.MAX_VALUE),
                        1 + random.nextInt(1_000_000),
                        random.nextBoolean(),
                        pick(
                                NodeConfig.Rpc.DEFAULT_HOSTS,
                                List.of("*"),
                                List.of("node.example", "10.0.0.7", "[fe80::1]", "::1"),
                                List.of("Node-" + random.nextInt(100) + ".example.")),
                        Duration.ofMillis(1 + random.nextInt(86_400_000)),
                        Duration.ofMillis(1 + random.nextInt(86_400_000))),
                new NodeConfig.Metrics(random.nextBoolean(), pick("localhost", "10.0.0.7"), random.nextInt(65_536)),
                new NodeConfig.Consensus(
                        Duration.ofMillis(1 + random.nextInt(3_600_000)),
                        pick(NodeConfig.Consensus.Mode.INTERVAL, NodeConfig.Consensus.Mode.ON_DEMAND)),
                new NodeConfig.Mempool(maxTransactions, maxBytes, 1 + random.nextInt(maxTransactions), (int)
                        (1 + Math.floorMod(random.nextLong(), Math.min(maxBytes, Integer.MAX_VALUE)))),
                new NodeConfig.State(1 + Math.floorMod(random.nextLong(), Long.MAX_VALUE)),
                new NodeConfig.Log(NodeConfig.Log.Level.values()[random.nextInt(5)]));
    }

    Address address() {
        byte[] bytes = new byte[Address.LENGTH];
        random.nextBytes(bytes);
        return Address.of(bytes);
    }

    /** One of the edges or the drawn value, so that the extremes come up in every run of a few seeds. */
    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
