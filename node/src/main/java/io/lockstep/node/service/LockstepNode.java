package io.lockstep.node.service;

import io.lockstep.core.chain.Address;
import io.lockstep.node.chain.ChainApplication;
import io.lockstep.node.chain.GenesisState;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.NodeConfig;
import io.lockstep.node.config.ValidatorKey;
import io.lockstep.node.consensus.SingleValidatorEngine;
import io.lockstep.node.execution.BlockExecutor;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.execution.TransactionExecutor;
import io.lockstep.node.mempool.Mempool;
import io.lockstep.node.mempool.MempoolConfig;
import io.lockstep.node.metrics.MetricsConfig;
import io.lockstep.node.metrics.MetricsRegistry;
import io.lockstep.node.metrics.MetricsServer;
import io.lockstep.node.rpc.RpcConfig;
import io.lockstep.node.rpc.RpcMethodRegistry;
import io.lockstep.node.rpc.RpcMetrics;
import io.lockstep.node.rpc.RpcServer;
import io.lockstep.node.rpc.SubscriptionHub;
import io.lockstep.node.rpc.eth.ChainAccess;
import io.lockstep.node.rpc.eth.EthMethods;
import io.lockstep.node.rpc.eth.NodeDescription;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.store.ChainStore;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running validator: chain store, VM, chain application, mempool, single-validator consensus, JSON-RPC
 * and metrics, started from a node configuration, a genesis and the validator's key. {@link #close} stops
 * them in the reverse order, so that no request or block is cut in half: RPC first, then consensus (which
 * finishes the block it is making), then the VM and the store.
 */
public final class LockstepNode implements AutoCloseable {

    /** Where the chain's RocksDB database lives inside the data directory. */
    public static final String CHAIN_DIRECTORY = "chain";

    private static final Logger LOG = LoggerFactory.getLogger(LockstepNode.class);

    private final ChainStore store;
    private final ContractVm vm;
    private final ChainApplication chain;
    private final Mempool mempool;
    private final SingleValidatorEngine engine;
    private final RpcServer rpc;
    private final MetricsServer metrics;
    private boolean closed;

    private LockstepNode(
            ChainStore store,
            ContractVm vm,
            ChainApplication chain,
            Mempool mempool,
            SingleValidatorEngine engine,
            RpcServer rpc,
            MetricsServer metrics) {
        this.store = store;
        this.vm = vm;
        this.chain = chain;
        this.mempool = mempool;
        this.engine = engine;
        this.rpc = rpc;
        this.metrics = metrics;
    }

    /**
     * Starts a node.
     *
     * @throws IllegalArgumentException when the genesis is not one this node can run as validator
     * @throws IOException when a port cannot be bound
     */
    public static LockstepNode start(NodeConfig config, Genesis genesis, ValidatorKey key, String clientVersion)
            throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(key, "key");
        Address validator = key.address();
        checkRunnable(genesis, validator);
        for (String warning : config.warnings()) {
            LOG.warn("{}", warning);
        }
        ChainRules rules = rules(genesis);
        ChainStore store = ChainStore.open(config.dataDir().resolve(CHAIN_DIRECTORY));
        ContractVm vm = new ContractVm(VmConfig.DEFAULT);
        SingleValidatorEngine engine = null;
        RpcServer rpc = null;
        MetricsServer metricsServer = null;
        try {
            TransactionExecutor transactions = new TransactionExecutor(rules, vm, Engine.COMPILED);
            BlockExecutor executor = new BlockExecutor(transactions);
            ChainApplication chain = ChainApplication.open(
                    store, genesisState(genesis), executor, config.state().retainVersions());
            NodeConfig.Mempool pool = config.mempool();
            Mempool mempool = new Mempool(
                    new MempoolConfig(pool.maxTransactions(), pool.maxBytes(), pool.maxPerSender(), pool.maxTxBytes()),
                    rules,
                    address -> Account.decodeOrEmpty(
                            chain.state(chain.committedHeight()).get(StateKeys.account(address))),
                    transactions::deployRefusal);
            chain.addListener(mempool::onCommitted);

            boolean onDemand = config.consensus().mode() == NodeConfig.Consensus.Mode.ON_DEMAND;
            engine = new SingleValidatorEngine(
                    chain,
                    mempool::candidates,
                    validator,
                    () -> System.currentTimeMillis() / 1000,
                    config.consensus().blockTime(),
                    onDemand ? SingleValidatorEngine.Mode.ON_DEMAND : SingleValidatorEngine.Mode.INTERVAL,
                    rules.blockGasLimit());
            if (onDemand) {
                SingleValidatorEngine mining = engine;
                mempool.onAdmitted(tx -> mining.produceBlock());
            }

            MetricsRegistry registry = new MetricsRegistry();
            chain.addListener(new ChainMetrics(registry, chain, mempool));
            NodeConfig.Rpc rpcConfig = config.rpc();
            SubscriptionHub hub = new SubscriptionHub(RpcConfig.DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION);
            chain.addListener(new SubscriptionPublisher(hub));
            RpcMethodRegistry methods = new RpcMethodRegistry();
            NodeDescription description = new NodeDescription(
                    validator,
                    "single-validator",
                    config.consensus().mode().wireName(),
                    config.consensus().blockTime());
            EthMethods.register(methods, new ChainAccess(chain, mempool, vm, clientVersion), hub, genesis, description);
            RpcMetrics rpcMetrics = new RpcMetrics(registry);
            rpcMetrics.track(hub);
            rpc = RpcServer.start(
                    RpcConfig.defaults()
                            .withHost(rpcConfig.host())
                            .withPort(rpcConfig.port())
                            .withMaxRequestBytes(rpcConfig.maxRequestBytes())
                            .withMaxBatchSize(rpcConfig.maxBatchSize()),
                    methods,
                    rpcMetrics);
            if (config.metrics().enabled()) {
                metricsServer = MetricsServer.start(
                        new MetricsConfig(
                                config.metrics().host(), config.metrics().port()),
                        registry);
            }
            engine.start();
            LOG.info(
                    "node started chainId={} height={} validator={} rpc={}",
                    rules.chainId(),
                    chain.committedHeight(),
                    validator,
                    rpc.boundAddress());
            return new LockstepNode(store, vm, chain, mempool, engine, rpc, metricsServer);
        } catch (IOException | RuntimeException e) {
            closeQuietly(rpc, metricsServer, engine);
            vm.close();
            store.close();
            throw e;
        }
    }

    /** The chain rules genesis fixes, with the fuel price of gas this version of the node runs. */
    public static ChainRules rules(Genesis genesis) {
        return new ChainRules(
                genesis.chainId(), genesis.blockGasLimit(), genesis.baseFeePerGas(), ChainRules.DEFAULT_FUEL_PER_GAS);
    }

    public static GenesisState genesisState(Genesis genesis) {
        Map<Address, BigInteger> alloc = new LinkedHashMap<>();
        for (Genesis.Allocation allocation : genesis.alloc()) {
            alloc.put(allocation.address(), allocation.balance());
        }
        return new GenesisState(
                rules(genesis),
                genesis.genesisTime(),
                genesis.validators().get(0).address(),
                alloc);
    }

    private static void checkRunnable(Genesis genesis, Address validator) {
        if (genesis.validators().size() != 1) {
            throw new IllegalArgumentException("genesis names "
                    + genesis.validators().size() + " validators; this version runs single-validator chains only");
        }
        Address named = genesis.validators().get(0).address();
        if (!named.equals(validator)) {
            throw new IllegalArgumentException("the validator key is for " + validator.toChecksumHex()
                    + " but genesis names " + named.toChecksumHex()
                    + " as the validator; a node that is not the validator cannot run yet (no peer-to-peer)");
        }
        if (!genesis.vm().equals(Genesis.Vm.DEFAULT)) {
            throw new IllegalArgumentException(
                    "genesis asks for VM " + genesis.vm() + " but this node implements " + Genesis.Vm.DEFAULT);
        }
    }

    public ChainApplication chain() {
        return chain;
    }

    public Mempool mempool() {
        return mempool;
    }

    public SingleValidatorEngine engine() {
        return engine;
    }

    public InetSocketAddress rpcAddress() {
        return rpc.boundAddress();
    }

    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metrics).map(MetricsServer::boundAddress);
    }

    public Path dataDirectory() {
        return store.directory().getParent();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("node stopping height={}", chain.committedHeight());
        closeQuietly(rpc, metrics, engine);
        vm.close();
        store.close();
        LOG.info("node stopped");
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
