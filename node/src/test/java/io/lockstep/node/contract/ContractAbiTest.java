package io.lockstep.node.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractAbiTest {

    @TempDir
    Path temp;

    @Test
    void selectorsAreTheFirstFourBytesOfTheKeccakOfTheSignature() {
        // Known selectors: ERC-20's transfer and balanceOf.
        assertEquals("0xa9059cbb", ContractAbi.selector("transfer(address,uint256)"));
        assertEquals("0x70a08231", ContractAbi.selector("balanceOf(address)"));
    }

    @Test
    void functionsAreReadInOrderWithTuplesSpelledOutAndEventsLeftOut() throws Exception {
        Path abi = temp.resolve("a.abi.json");
        Files.writeString(
                abi,
                """
                [
                  {"type": "function", "name": "transfer", "inputs": [{"name": "to", "type": "address"},
                    {"name": "amount", "type": "uint256"}], "outputs": [], "stateMutability": "nonpayable"},
                  {"type": "event", "name": "Transfer", "inputs": []},
                  {"type": "function", "name": "put", "inputs": [{"name": "p", "type": "tuple[]",
                    "components": [{"name": "a", "type": "uint8"}, {"name": "b", "type": "bytes"}]}],
                    "stateMutability": "payable"}
                ]
                """);

        List<ContractAbi.Function> functions = ContractAbi.functions(abi);

        assertEquals(
                List.of(
                        new ContractAbi.Function("transfer", "transfer(address,uint256)", "0xa9059cbb", "nonpayable"),
                        new ContractAbi.Function(
                                "put",
                                "put((uint8,bytes)[])",
                                ContractAbi.selector("put((uint8,bytes)[])"),
                                "payable")),
                functions);
    }
}
