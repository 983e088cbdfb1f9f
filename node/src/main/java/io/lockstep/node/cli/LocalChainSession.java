package io.lockstep.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.LogEntry;
import io.lockstep.vm.ModelHash;
import io.lockstep.vm.local.LocalChain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-lines protocol of {@code lockstep contract local}: one request object per input line, one
 * response object per output line, in order, each response carrying its request's {@code id}. A request
 * that fails is answered with {@code {"id":..,"error":"message"}} and the session goes on.
 */
final class LocalChainSession {

    private static final Logger LOG = LoggerFactory.getLogger(LocalChainSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final LocalChain chain;
    private final PrintWriter out;

    LocalChainSession(LocalChain chain, PrintWriter out) {
        this.chain = chain;
        this.out = out;
    }

    /** Answers every request until the input ends. */
    void serve(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                out.println(handle(line).toString());
                out.flush();
            }
        }
    }

    /** The response to one request line. */
    ObjectNode handle(String line) {
        ObjectNode response = JSON.createObjectNode();
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            response.set("id", NullNode.getInstance());
            return response.put("error", "not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            response.set("id", NullNode.getInstance());
            return response.put("error", "a request is a JSON object");
        }
        response.set("id", request.path("id").isMissingNode() ? NullNode.getInstance() : request.get("id"));
        String method = request.path("method").asText("");
        LOG.debug("request method={} id={}", method, response.get("id"));
        try {
            switch (method) {
                case "deploy" -> deploy(request, response);
                case "registerModel" -> registerModel(request, response);
                case "setBlock" -> setBlock(request, response);
                case "call" -> call(request, response);
                case "storage" -> storage(request, response);
                default -> throw new IllegalArgumentException(
                        "unknown method '" + method + "'; one of deploy, registerModel, setBlock, call, storage");
            }
        } catch (LocalChain.ConstructorFailed e) {
            return constructorFailed(error(response, e.getMessage()), e.outcome());
        } catch (LocalChain.EnginesDisagree e) {
            LOG.error("engines disagree id={}: {}", response.get("id"), e.getMessage());
            return error(response, e.getMessage());
        } catch (IllegalArgumentException | UncheckedIOException | ArithmeticException e) {
            return error(response, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("request failed method={} id={}", method, response.get("id"), e);
            return error(response, e.toString());
        }
        return response;
    }

    /** A failed constructor's error, with the outcome's fields as a call's response has them. */
    private static ObjectNode constructorFailed(ObjectNode error, CallOutcome outcome) {
        error.put("status", outcome.status());
        error.put("fuelUsed", outcome.fuelUsed());
        if (outcome instanceof CallOutcome.Reverted reverted) {
            error.put("revertData", "0x" + HEX.formatHex(reverted.reason()));
            error.put("message", JsonOutput.revertMessage(reverted.reason()));
        } else if (outcome instanceof CallOutcome.Trapped trapped) {
            error.put("trap", trapped.kind().name().toLowerCase(Locale.ROOT));
            error.put("message", trapped.message());
        }
        return error;
    }

    private static ObjectNode error(ObjectNode response, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.set("id", response.get("id"));
        return error.put("error", message);
    }

    private void deploy(JsonNode request, ObjectNode response) {
        byte[] wasm;
        if (request.hasNonNull("wasm")) {
            wasm = read(Path.of(request.get("wasm").asText()));
        } else if (request.hasNonNull("code")) {
            wasm = hex(request.get("code").asText(), "code");
        } else {
            throw new IllegalArgumentException("deploy needs \"wasm\" (a file) or \"code\" (hex)");
        }
        byte[] args = request.hasNonNull("args") ? hex(request.get("args").asText(), "args") : new byte[0];
        LocalChain.Contract contract = chain.deploy(wasm, args, options(request));
        DeployedCode code = contract.code();
        response.put("address", contract.hexAddress());
        response.put("codeHash", code.hash().toString());
        response.put("size", code.originalSize());
        response.put("instrumentedSize", code.instrumentedSize());
        response.put("instantiationFuel", code.instantiationFuel());
    }

    private void registerModel(JsonNode request, ObjectNode response) {
        String name = text(request, "name");
        ModelHash hash = chain.registerModel(name, read(Path.of(text(request, "onnx"))));
        response.put("name", name);
        response.put("hash", "0x" + hash.toHex());
    }

    private void setBlock(JsonNode request, ObjectNode response) {
        long height = request.has("height") ? number(request, "height") : chain.blockHeight();
        long time = request.has("time") ? number(request, "time") : chain.blockTimeSeconds();
        chain.setBlock(height, time);
        response.put("height", chain.blockHeight());
        response.put("time", chain.blockTimeSeconds());
    }

    private void call(JsonNode request, ObjectNode response) {
        LocalChain.Contract contract = contract(request, "to");
        byte[] calldata = request.hasNonNull("data") ? hex(request.get("data").asText(), "data") : new byte[0];
        CallOutcome outcome = chain.call(contract, calldata, options(request));
        response.put("status", outcome.status());
        response.put("fuelUsed", outcome.fuelUsed());
        if (outcome instanceof CallOutcome.Success success) {
            response.put("returnData", "0x" + HEX.formatHex(success.returnData()));
            ArrayNode logs = response.putArray("logs");
            for (LogEntry log : success.logs()) {
                ObjectNode entry = logs.addObject();
                ArrayNode topics = entry.putArray("topics");
                log.topics().forEach(topic -> topics.add("0x" + HEX.formatHex(topic)));
                entry.put("data", "0x" + HEX.formatHex(log.data()));
            }
        } else if (outcome instanceof CallOutcome.Reverted reverted) {
            response.put("revertData", "0x" + HEX.formatHex(reverted.reason()));
            response.put("message", JsonOutput.revertMessage(reverted.reason()));
        } else if (outcome instanceof CallOutcome.OutOfFuel outOfFuel) {
            response.put("message", "out of fuel after " + outOfFuel.fuelUsed() + " units");
        } else if (outcome instanceof CallOutcome.Trapped trapped) {
            response.put("trap", trapped.kind().name().toLowerCase(Locale.ROOT));
            response.put("message", trapped.message());
        }
    }

    /** A call's or a constructor's caller, value and fuel, from the request or the defaults. */
    private static LocalChain.Call options(JsonNode request) {
        LocalChain.Call call = LocalChain.Call.DEFAULT;
        if (request.hasNonNull("caller")) {
            call = call.from(hex(request.get("caller").asText(), "caller"));
        }
        if (request.hasNonNull("value")) {
            call = call.withValue(value(request.get("value")));
        }
        if (request.hasNonNull("fuel")) {
            call = call.withFuel(number(request, "fuel"));
        }
        return call;
    }

    private void storage(JsonNode request, ObjectNode response) {
        LocalChain.Contract contract = contract(request, "address");
        if (request.hasNonNull("key")) {
            byte[] value = chain.storage(contract, hex(request.get("key").asText(), "key"));
            if (value == null) {
                response.set("value", NullNode.getInstance());
            } else {
                response.put("value", "0x" + HEX.formatHex(value));
            }
            return;
        }
        ObjectNode entries = response.putObject("entries");
        for (Map.Entry<byte[], byte[]> entry : chain.storage(contract).entrySet()) {
            entries.put("0x" + HEX.formatHex(entry.getKey()), "0x" + HEX.formatHex(entry.getValue()));
        }
    }

    private LocalChain.Contract contract(JsonNode request, String field) {
        String address = text(request, field).toLowerCase(Locale.ROOT);
        for (LocalChain.Contract contract : chain.contracts()) {
            if (contract.hexAddress().equals(address) || contract.hexAddress().equals("0x" + address)) {
                return contract;
            }
        }
        throw new IllegalArgumentException("no contract at " + address + " on this chain");
    }

    /** A call's value: hex with {@code 0x} (at most 32 bytes) or a decimal number, as 32 bytes big-endian. */
    private static byte[] value(JsonNode node) {
        String text = node.asText();
        BigInteger value;
        if (text.startsWith("0x") || text.startsWith("0X")) {
            byte[] bytes = hex(text, "value");
            if (bytes.length > 32) {
                throw new IllegalArgumentException("value is more than 32 bytes");
            }
            value = new BigInteger(1, bytes);
        } else {
            try {
                value = new BigInteger(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("value '" + text + "' is neither 0x-prefixed hex nor a decimal");
            }
        }
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("value " + text + " does not fit in 256 unsigned bits");
        }
        byte[] word = new byte[32];
        byte[] magnitude = value.toByteArray();
        int length = Math.min(magnitude.length, 32);
        System.arraycopy(magnitude, magnitude.length - length, word, 32 - length, length);
        return word;
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("missing \"" + field + "\" (a string)");
        }
        return node.asText();
    }

    private static long number(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number");
        }
        return node.asLong();
    }

    private static byte[] hex(String text, String field) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        try {
            return HEX.parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\" is not hex: " + e.getMessage());
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e);
        }
    }
}
