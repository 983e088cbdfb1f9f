package io.lockstep.node.rpc.eth;

import io.lockstep.node.config.Genesis;
import io.lockstep.node.rpc.RpcMethodRegistry;
import io.lockstep.node.rpc.SubscriptionHub;
import io.lockstep.node.rpc.method.EthSubscribe;
import io.lockstep.node.rpc.method.EthUnsubscribe;
import io.lockstep.node.rpc.method.NetListening;
import io.lockstep.node.rpc.method.NetPeerCount;
import io.lockstep.node.rpc.method.Web3ClientVersion;
import io.lockstep.node.rpc.method.Web3Sha3;

/** Every JSON-RPC method a node serves, registered in one place. */
public final class EthMethods {

    private EthMethods() {}

    public static void register(
            RpcMethodRegistry registry, ChainAccess chain, SubscriptionHub hub, Genesis genesis, NodeDescription node) {
        registry.register(new Web3ClientVersion(chain.clientVersion()))
                .register(new Web3Sha3())
                .register(new NetVersion(chain))
                .register(new NetListening(() -> true))
                .register(new NetPeerCount(() -> 0))
                .register(new EthChainId(chain))
                .register(new EthBlockNumber(chain))
                .register(new EthSyncing())
                .register(new EthGasPrice(chain))
                .register(new EthMaxPriorityFeePerGas())
                .register(new EthGetBalance(chain))
                .register(new EthGetTransactionCount(chain))
                .register(new EthGetCode(chain))
                .register(new EthSendRawTransaction(chain))
                .register(new EthCall(chain))
                .register(new EthEstimateGas(chain))
                .register(new EthGetBlockByNumber(chain))
                .register(new EthGetBlockByHash(chain))
                .register(new EthGetTransactionByHash(chain))
                .register(new EthGetTransactionReceipt(chain))
                .register(new EthFeeHistory(chain))
                .register(new EthGetStorageAt(chain))
                .register(new EthGetBlockReceipts(chain))
                .register(new EthGetLogs(chain))
                .register(new EthGetProof(chain))
                .register(new EthSubscribe(hub))
                .register(new EthUnsubscribe(hub))
                .register(new LockstepNodeInfo(chain, genesis, node))
                .register(new LockstepValidators(genesis))
                .register(new LockstepListModels(chain))
                .register(new LockstepGetModel(chain))
                .register(new LockstepGetInferenceResult(chain))
                .register(new LockstepGetStorage(chain))
                .register(new LockstepGetStorageProof(chain))
                .register(new LockstepGetTransactionResult(chain));
    }
}
