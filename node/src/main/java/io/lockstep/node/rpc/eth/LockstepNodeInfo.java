package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.rpc.method.Web3ClientVersion;

/**
 * {@code lockstep_nodeInfo()}: what this node runs and where its chain stands: client version, chain id,
 * the genesis block's hash and the genesis file's, the head, the oldest block whose state is kept, the
 * validator, the consensus engine and its timing, the chain rules and the VM versions genesis fixes.
 */
final class LockstepNodeInfo implements RpcMethod {

    private final ChainAccess chain;
    private final Genesis genesis;
    private final NodeDescription node;

    LockstepNodeInfo(ChainAccess chain, Genesis genesis, NodeDescription node) {
        this.chain = chain;
        this.genesis = genesis;
        this.node = node;
    }

    @Override
    public String name() {
        return RpcMethodName.LOCKSTEP_NODE_INFO.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        BlockHeader head = chain.head();
        ChainRules rules = chain.chain().rules();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("clientVersion", Web3ClientVersion.of(chain.clientVersion()));
        out.put("chainId", Hex.quantity(rules.chainId()));
        out.put(
                "genesisHash",
                chain.chain().records().genesisHash().orElseThrow().toHex());
        out.put("genesisFileHash", genesis.hashHex());
        ObjectNode headJson = out.putObject("head");
        headJson.put("number", Hex.quantity(head.height()));
        headJson.put("hash", head.hash().toHex());
        headJson.put("timestamp", Hex.quantity(head.timestamp()));
        out.put("oldestStateBlock", Hex.quantity(chain.chain().oldestStateHeight()));
        out.put("validator", node.validator().toHex());
        ObjectNode consensus = out.putObject("consensus");
        consensus.put("engine", node.consensusEngine());
        consensus.put("mode", node.consensusMode());
        consensus.put("blockTimeMillis", Hex.quantity(node.blockTime().toMillis()));
        ObjectNode rulesJson = out.putObject("rules");
        rulesJson.put("blockGasLimit", Hex.quantity(rules.blockGasLimit()));
        rulesJson.put("baseFeePerGas", Hex.quantity(rules.baseFeePerGas()));
        rulesJson.put("fuelPerGas", Hex.quantity(rules.fuelPerGas()));
        Genesis.Vm vm = genesis.vm();
        ObjectNode vmJson = out.putObject("vm");
        vmJson.put("instrumentationVersion", vm.instrumentationVersion());
        vmJson.put("costScheduleVersion", vm.costScheduleVersion());
        vmJson.put("nnKernelVersion", vm.nnKernelVersion());
        vmJson.put("nnCostScheduleVersion", vm.nnCostScheduleVersion());
        return out;
    }
}
