package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Receipt;
import io.lockstep.node.chain.ChainApplication;
import io.lockstep.node.execution.BlockContext;
import io.lockstep.node.mempool.Mempool;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.state.CommittedState;
import io.lockstep.vm.ContractVm;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the JSON-RPC methods read the chain through: block tags resolved to heights, blocks, receipts and
 * committed states within the retention window, with the errors Ethereum clients give for each miss. With
 * one validator a committed block is final at once, so {@code latest}, {@code safe}, {@code finalized} and
 * {@code pending} all name the head (except where {@code pending} means the mempool, as for nonces).
 */
public final class ChainAccess {

    private final ChainApplication chain;
    private final Mempool mempool;
    private final ContractVm vm;
    private final String clientVersion;

    public ChainAccess(ChainApplication chain, Mempool mempool, ContractVm vm, String clientVersion) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.mempool = Objects.requireNonNull(mempool, "mempool");
        this.vm = Objects.requireNonNull(vm, "vm");
        this.clientVersion = Objects.requireNonNull(clientVersion, "clientVersion");
    }

    public ChainApplication chain() {
        return chain;
    }

    public Mempool mempool() {
        return mempool;
    }

    public ContractVm vm() {
        return vm;
    }

    public String clientVersion() {
        return clientVersion;
    }

    public BlockHeader head() {
        return chain.head();
    }

    /** The height a tag names; a number above the head is returned as is (callers decide what a miss means). */
    public long height(BlockTag tag) {
        if (tag instanceof BlockTag.Number number) {
            return number.number();
        }
        return tag == BlockTag.Named.EARLIEST ? 0 : chain.committedHeight();
    }

    public Optional<Block> block(BlockTag tag) {
        long height = height(tag);
        return height > chain.committedHeight()
                ? Optional.empty()
                : chain.records().block(height);
    }

    public Optional<Block> block(Hash32 hash) {
        return chain.records().height(hash).flatMap(chain.records()::block);
    }

    /** The block a number, tag or hash names, if there is one. */
    Optional<Block> block(BlockSelector selector) {
        if (selector instanceof BlockSelector.ByHash byHash) {
            return block(byHash.hash());
        }
        return block(((BlockSelector.ByTag) selector).tag());
    }

    /** The header at {@code height}, read without decoding the block's transactions; empty above the head. */
    public Optional<BlockHeader> header(long height) {
        return height > chain.committedHeight()
                ? Optional.empty()
                : chain.records().header(height);
    }

    /** The block a state read refers to, or -32000 when there is no such block. */
    Block requireBlock(BlockSelector selector) {
        return block(selector).orElseThrow(() -> notFound(selector));
    }

    /** The height of the block a selector names, if that block exists. */
    Optional<Long> height(BlockSelector selector) {
        if (selector instanceof BlockSelector.ByHash byHash) {
            return chain.records().height(byHash.hash());
        }
        long height = height(((BlockSelector.ByTag) selector).tag());
        return height > chain.committedHeight() ? Optional.empty() : Optional.of(height);
    }

    /** The header of the block a selector names, or -32000 when there is no such block. */
    BlockHeader requireHeader(BlockSelector selector) {
        return height(selector).flatMap(this::header).orElseThrow(() -> notFound(selector));
    }

    /**
     * The committed state after the block a selector names.
     *
     * @throws RpcException -32000 when the block does not exist or its state is no longer kept
     */
    CommittedState state(BlockSelector selector) {
        return state(height(selector).orElseThrow(() -> notFound(selector)));
    }

    public List<Receipt> receipts(long height) {
        return chain.records().receipts(height);
    }

    /**
     * The committed state after block {@code height}, which exists.
     *
     * @throws RpcException -32000 when its state is no longer kept
     */
    public CommittedState state(long height) {
        if (height < chain.oldestStateHeight()) {
            throw pruned(height);
        }
        try {
            return chain.state(height);
        } catch (IllegalArgumentException e) {
            // Pruned between the check above and the read.
            throw pruned(height);
        }
    }

    private RpcException pruned(long height) {
        return new RpcException(
                RpcErrorCode.SERVER_ERROR,
                "missing trie node: the state of block " + height + " is pruned; this node keeps blocks "
                        + chain.oldestStateHeight() + " to " + chain.committedHeight());
    }

    /**
     * The miss of a state read, worded as geth words it: {@code header for hash not found} for an unknown
     * hash, {@code header not found} for a number above the head.
     */
    private static RpcException notFound(BlockSelector selector) {
        return new RpcException(
                RpcErrorCode.SERVER_ERROR,
                selector instanceof BlockSelector.ByHash ? "header for hash not found" : "header not found");
    }

    /** The context a simulated call at {@code block} runs in: that block's height, time and proposer. */
    public static BlockContext context(Block block) {
        BlockHeader header = block.header();
        return new BlockContext(header.height(), header.timestamp(), header.proposer());
    }
}
