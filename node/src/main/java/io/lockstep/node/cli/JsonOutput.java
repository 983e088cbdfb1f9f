package io.lockstep.node.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.LogEntry;
import io.lockstep.vm.WasmValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The JSON the wasm commands print: one compact object per run, followed by a newline. Field names and
 * status words are a stable interface for scripts; new fields may be added, none renamed.
 */
final class JsonOutput {

    /** Solidity's {@code Error(string)} selector, the usual shape of a revert reason. */
    private static final int ERROR_STRING_SELECTOR = 0x08c379a0;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonOutput() {}

    static void print(PrintWriter out, Fields fields) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }

    static void writeOutcome(JsonGenerator json, CallOutcome outcome) throws IOException {
        json.writeStringField("status", outcome.status());
        json.writeArrayFieldStart("results");
        if (outcome instanceof CallOutcome.Success success) {
            for (WasmValue value : success.results()) {
                json.writeString(value.toString());
            }
        }
        json.writeEndArray();
        json.writeNumberField("fuelUsed", outcome.fuelUsed());
        if (outcome instanceof CallOutcome.Success success) {
            writeEffects(json, success);
        } else if (outcome instanceof CallOutcome.Reverted reverted) {
            json.writeStringField("message", revertMessage(reverted.reason()));
            json.writeStringField("revertData", hex(reverted.reason()));
        } else if (outcome instanceof CallOutcome.OutOfFuel outOfFuel) {
            json.writeStringField("message", "out of fuel after " + outOfFuel.fuelUsed() + " units");
        } else if (outcome instanceof CallOutcome.Trapped trapped) {
            json.writeStringField("trap", trapped.kind().name().toLowerCase(Locale.ROOT));
            json.writeStringField("message", trapped.message());
        }
    }

    static void writeRejection(JsonGenerator json, DeployResult.Rejected rejected) throws IOException {
        json.writeStringField("status", "invalid");
        json.writeArrayFieldStart("results");
        json.writeEndArray();
        json.writeNumberField("fuelUsed", 0);
        json.writeStringField("reason", rejected.reason().name().toLowerCase(Locale.ROOT));
        json.writeStringField("message", rejected.message());
    }

    static void writeCode(JsonGenerator json, DeployedCode code, long costTable) throws IOException {
        json.writeStringField("status", "valid");
        json.writeStringField("codeHash", code.hash().toString());
        json.writeNumberField("size", code.originalSize());
        json.writeNumberField("instrumentedSize", code.instrumentedSize());
        json.writeArrayFieldStart("exports");
        for (String name : code.exportedFunctions()) {
            json.writeString(name);
        }
        json.writeEndArray();
        json.writeNumberField("instantiationFuel", code.instantiationFuel());
        json.writeNumberField("costTable", costTable);
    }

    /** Return data and logs appear only when a module used the host ABI to produce them. */
    private static void writeEffects(JsonGenerator json, CallOutcome.Success success) throws IOException {
        if (success.returnData().length > 0) {
            json.writeStringField("returnData", hex(success.returnData()));
        }
        if (!success.logs().isEmpty()) {
            json.writeArrayFieldStart("logs");
            for (LogEntry log : success.logs()) {
                json.writeStartObject();
                json.writeArrayFieldStart("topics");
                for (byte[] topic : log.topics()) {
                    json.writeString(hex(topic));
                }
                json.writeEndArray();
                json.writeStringField("data", hex(log.data()));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    /** The text of an ABI-encoded {@code Error(string)}, or a description of the raw reason bytes. */
    static String revertMessage(byte[] reason) {
        ByteBuffer buffer = ByteBuffer.wrap(reason);
        if (reason.length >= 4 + 32 + 32 && buffer.getInt(0) == ERROR_STRING_SELECTOR) {
            long offset = word(buffer, 4);
            if (offset >= 0 && offset <= reason.length) {
                long lengthAt = 4 + offset;
                if (lengthAt + 32 <= reason.length) {
                    long length = word(buffer, (int) lengthAt);
                    long start = lengthAt + 32;
                    if (length >= 0 && start + length <= reason.length) {
                        return "reverted: " + new String(reason, (int) start, (int) length, StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return "reverted with " + reason.length + " bytes of reason data";
    }

    /** A 32-byte big-endian ABI word as a long, or -1 when it does not fit in 31 bits. */
    private static long word(ByteBuffer buffer, int at) {
        for (int i = at; i < at + 28; i++) {
            if (buffer.get(i) != 0) {
                return -1;
            }
        }
        int low = buffer.getInt(at + 28);
        return low < 0 ? -1 : low;
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
