package io.lockstep.node.service;

import io.lockstep.core.chain.Receipt;
import io.lockstep.node.chain.ChainApplication;
import io.lockstep.node.chain.CommittedBlock;
import io.lockstep.node.mempool.Mempool;
import io.lockstep.node.metrics.Counter;
import io.lockstep.node.metrics.MetricsRegistry;
import java.util.function.Consumer;

/** The chain's Prometheus metrics: blocks, transactions, gas and fuel committed, head height, mempool size. */
final class ChainMetrics implements Consumer<CommittedBlock> {

    private final Counter blocks;
    private final Counter transactions;
    private final Counter failed;
    private final Counter gas;
    private final Counter fuel;

    ChainMetrics(MetricsRegistry registry, ChainApplication chain, Mempool mempool) {
        blocks = registry.counter("lockstep_blocks_total", "Blocks committed by this node since it started.");
        transactions = registry.counter("lockstep_transactions_total", "Transactions in committed blocks.");
        failed = registry.counter(
                "lockstep_transactions_failed_total", "Committed transactions whose receipt says failed.");
        gas = registry.counter("lockstep_gas_used_total", "Gas used by committed transactions.");
        fuel = registry.counter("lockstep_fuel_used_total", "Contract fuel used by committed transactions.");
        registry.gauge("lockstep_head_height", "Height of the last committed block.", chain::committedHeight);
        registry.gauge("lockstep_mempool_transactions", "Transactions waiting in the mempool.", mempool::size);
        registry.gauge("lockstep_mempool_bytes", "Encoded bytes of the transactions in the mempool.", mempool::bytes);
    }

    @Override
    public void accept(CommittedBlock block) {
        blocks.inc();
        transactions.inc(block.block().transactions().size());
        for (Receipt receipt : block.receipts()) {
            if (!receipt.success()) {
                failed.inc();
            }
            gas.inc(receipt.gasUsed());
            fuel.inc(receipt.fuelUsed());
        }
    }
}
