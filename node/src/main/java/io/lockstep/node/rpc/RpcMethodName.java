package io.lockstep.node.rpc;

import java.util.Optional;

/** The wire name of every method the node serves, in one place. */
public enum RpcMethodName {
    WEB3_CLIENT_VERSION("web3_clientVersion"),
    WEB3_SHA3("web3_sha3"),
    NET_VERSION("net_version"),
    NET_LISTENING("net_listening"),
    NET_PEER_COUNT("net_peerCount"),
    ETH_CHAIN_ID("eth_chainId"),
    ETH_BLOCK_NUMBER("eth_blockNumber"),
    ETH_SYNCING("eth_syncing"),
    ETH_GAS_PRICE("eth_gasPrice"),
    ETH_MAX_PRIORITY_FEE_PER_GAS("eth_maxPriorityFeePerGas"),
    ETH_FEE_HISTORY("eth_feeHistory"),
    ETH_GET_BALANCE("eth_getBalance"),
    ETH_GET_TRANSACTION_COUNT("eth_getTransactionCount"),
    ETH_GET_CODE("eth_getCode"),
    ETH_GET_STORAGE_AT("eth_getStorageAt"),
    ETH_SEND_RAW_TRANSACTION("eth_sendRawTransaction"),
    ETH_CALL("eth_call"),
    ETH_ESTIMATE_GAS("eth_estimateGas"),
    ETH_GET_BLOCK_BY_NUMBER("eth_getBlockByNumber"),
    ETH_GET_BLOCK_BY_HASH("eth_getBlockByHash"),
    ETH_GET_TRANSACTION_BY_HASH("eth_getTransactionByHash"),
    ETH_GET_TRANSACTION_RECEIPT("eth_getTransactionReceipt"),
    ETH_GET_BLOCK_RECEIPTS("eth_getBlockReceipts"),
    ETH_GET_LOGS("eth_getLogs"),
    ETH_GET_PROOF("eth_getProof"),
    ETH_SUBSCRIBE("eth_subscribe"),
    ETH_UNSUBSCRIBE("eth_unsubscribe"),
    LOCKSTEP_NODE_INFO("lockstep_nodeInfo"),
    LOCKSTEP_VALIDATORS("lockstep_validators"),
    LOCKSTEP_LIST_MODELS("lockstep_listModels"),
    LOCKSTEP_GET_MODEL("lockstep_getModel"),
    LOCKSTEP_GET_INFERENCE_RESULT("lockstep_getInferenceResult"),
    LOCKSTEP_GET_STORAGE("lockstep_getStorage"),
    LOCKSTEP_GET_STORAGE_PROOF("lockstep_getStorageProof"),
    LOCKSTEP_GET_TRANSACTION_RESULT("lockstep_getTransactionResult");

    private final String wireName;

    RpcMethodName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<RpcMethodName> fromWireName(String wireName) {
        for (RpcMethodName name : values()) {
            if (name.wireName.equals(wireName)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
