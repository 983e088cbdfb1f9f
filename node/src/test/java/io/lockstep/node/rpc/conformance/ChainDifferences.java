package io.lockstep.node.rpc.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * Fields the execution-apis fixtures have that this chain's responses leave out, one place for all of them, and
 * the few that this chain's responses have where the only fixtures of their kind predate them. The chain takes
 * legacy (EIP-155) and EIP-1559 transactions only, and its consensus is its own, with no beacon chain.
 */
final class ChainDifferences {

    private static final String NO_BLOBS =
            "no EIP-4844 blob transactions: the chain takes legacy and EIP-1559 transactions only";
    private static final String NO_BEACON_CHAIN = "no beacon chain: validators finalize blocks by Tendermint "
            + "consensus, so there is no beacon block root (EIP-4788), no withdrawals from a consensus layer "
            + "(EIP-4895) and no execution-layer requests (EIP-7685)";

    private static final String REPLAY_PROTECTED_LEGACY = "the chain takes legacy transactions only with EIP-155"
            + " replay protection, so each carries its chain id and shows it as Ethereum clients do; the fixtures'"
            + " legacy transactions are unprotected (v = 27 or 28), which the chain refuses";
    private static final String PRE_LONDON_BLOCK = "the one block fixture of eth_getBlockByHash is block 1 of the"
            + " fixtures' chain, from before London; this chain has EIP-1559 base fees from genesis";

    private ChainDifferences() {}

    static List<FieldAllowance> allowances() {
        List<FieldAllowance> all = new ArrayList<>();
        for (String method : List.of("eth_getBlockByNumber", "eth_getBlockByHash")) {
            all.add(new FieldAllowance(method, "blobGasUsed", NO_BLOBS));
            all.add(new FieldAllowance(method, "excessBlobGas", NO_BLOBS));
            all.add(new FieldAllowance(method, "parentBeaconBlockRoot", NO_BEACON_CHAIN));
            all.add(new FieldAllowance(method, "withdrawals", NO_BEACON_CHAIN));
            all.add(new FieldAllowance(method, "withdrawalsRoot", NO_BEACON_CHAIN));
            all.add(new FieldAllowance(method, "requestsHash", NO_BEACON_CHAIN));
        }
        for (String method : List.of("eth_getTransactionReceipt", "eth_getBlockReceipts")) {
            all.add(new FieldAllowance(method, "blobGasUsed", NO_BLOBS));
            all.add(new FieldAllowance(method, "blobGasPrice", NO_BLOBS));
        }
        all.add(new FieldAllowance("eth_feeHistory", "/result/baseFeePerBlobGas", NO_BLOBS));
        all.add(new FieldAllowance("eth_feeHistory", "/result/blobGasUsedRatio", NO_BLOBS));
        for (String method : List.of("eth_getTransactionByHash", "eth_getBlockByNumber", "eth_getBlockByHash")) {
            all.add(FieldAllowance.extra(method, "chainId", REPLAY_PROTECTED_LEGACY));
        }
        all.add(FieldAllowance.extra("eth_getBlockByHash", "/result/baseFeePerGas", PRE_LONDON_BLOCK));
        return List.copyOf(all);
    }
}
