package io.lockstep.node.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import org.web3j.crypto.Hash;

/** The functions in an Ethereum ABI JSON file, with the selectors callers use to reach them. */
public final class ContractAbi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One callable function: its canonical signature, 4-byte selector and state mutability. */
    public record Function(String name, String signature, String selector, String stateMutability) {}

    private ContractAbi() {}

    /**
     * The functions of the ABI JSON in {@code file}, in file order.
     *
     * @throws IOException when the file cannot be read or is not an ABI JSON array
     */
    public static List<Function> functions(Path file) throws IOException {
        JsonNode abi = JSON.readTree(file.toFile());
        if (abi == null || !abi.isArray()) {
            throw new IOException(file + " is not an ABI JSON array");
        }
        List<Function> functions = new ArrayList<>();
        for (JsonNode entry : abi) {
            if (!"function".equals(entry.path("type").asText())) {
                continue;
            }
            String name = entry.path("name").asText();
            String signature = name + parameterList(entry.path("inputs"));
            String mutability = entry.path("stateMutability").asText("nonpayable");
            functions.add(new Function(name, signature, selector(signature), mutability));
        }
        return functions;
    }

    /** {@code 0x} and the first four bytes of the Keccak-256 of the canonical signature. */
    public static String selector(String signature) {
        byte[] hash = Hash.sha3(signature.getBytes(StandardCharsets.UTF_8));
        return "0x" + HexFormat.of().formatHex(hash, 0, 4);
    }

    /** {@code (type,type,...)}; tuples are spelled out from their components, as Solidity does. */
    private static String parameterList(JsonNode parameters) {
        StringJoiner types = new StringJoiner(",", "(", ")");
        for (JsonNode parameter : parameters) {
            String type = parameter.path("type").asText();
            if (type.startsWith("tuple")) {
                type = parameterList(parameter.path("components")) + type.substring("tuple".length());
            }
            types.add(type);
        }
        return types.toString();
    }
}
