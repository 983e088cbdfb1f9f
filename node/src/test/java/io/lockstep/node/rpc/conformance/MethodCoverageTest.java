package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which of the methods the node must serve execution-apis covers, and how: with fixtures (shape, envelope and
 * error codes are compared with recorded responses), with a schema only, or not at all. Printed on every run.
 */
class MethodCoverageTest {

    /** The JSON-RPC methods the node's issue requires. */
    static final List<String> REQUIRED = List.of(
            "web3_clientVersion",
            "net_version",
            "eth_chainId",
            "eth_blockNumber",
            "eth_syncing",
            "eth_gasPrice",
            "eth_maxPriorityFeePerGas",
            "eth_feeHistory",
            "eth_getBalance",
            "eth_getTransactionCount",
            "eth_getCode",
            "eth_getStorageAt",
            "eth_sendRawTransaction",
            "eth_call",
            "eth_estimateGas",
            "eth_getBlockByNumber",
            "eth_getBlockByHash",
            "eth_getTransactionByHash",
            "eth_getTransactionReceipt",
            "eth_getBlockReceipts",
            "eth_getLogs",
            "eth_getProof");

    /** Required methods execution-apis does not specify, and why; a method test checks these another way. */
    static final Map<String, String> NOT_SPECIFIED = Map.of(
            "web3_clientVersion",
            "execution-apis specifies eth_, debug_, engine_, txpool_ and testing_ methods and net_version, not "
                    + "web3_; the result is a free-form client name string");

    /** How execution-apis covers one method. */
    enum Coverage {
        FIXTURES,
        SCHEMA_ONLY,
        NONE
    }

    static Map<String, Coverage> coverage(ExecutionApis apis) {
        Map<String, Coverage> coverage = new TreeMap<>();
        for (String method : REQUIRED) {
            boolean specified = apis.spec().method(method).isPresent();
            boolean recorded = !apis.fixtures().of(method).isEmpty();
            coverage.put(
                    method,
                    specified && recorded ? Coverage.FIXTURES : specified ? Coverage.SCHEMA_ONLY : Coverage.NONE);
        }
        return coverage;
    }

    @Test
    void theCoverageOfTheRequiredMethodsIsPrintedAndEveryGapIsExplained() {
        ExecutionApis apis = ExecutionApis.shared();
        Map<String, Coverage> coverage = coverage(apis);
        StringBuilder table = new StringBuilder("execution-apis coverage of the required JSON-RPC methods:\n");
        table.append(String.format("  %-28s %-12s %s%n", "method", "coverage", "fixtures (results/errors)"));
        for (String method : REQUIRED) {
            List<Fixture> fixtures = apis.fixtures().of(method);
            long errors = fixtures.stream().filter(Fixture::isError).count();
            table.append(String.format(
                    "  %-28s %-12s %d (%d/%d)%n",
                    method, coverage.get(method), fixtures.size(), fixtures.size() - errors, errors));
        }
        System.out.print(table);

        Map<String, Coverage> unspecified = new TreeMap<>(coverage);
        unspecified.values().removeIf(c -> c != Coverage.NONE);
        assertEquals(
                NOT_SPECIFIED.keySet(),
                unspecified.keySet(),
                "required methods execution-apis does not specify must be exactly the documented ones");
    }
}
