package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.core.chain.Hash32;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcParams;
import java.util.Iterator;
import java.util.Objects;

/**
 * The block param of the methods that take a block number, a tag or a block hash (the execution-apis'
 * {@code BlockNumberOrTagOrHash}), also in EIP-1898's object form ({@code {"blockHash": h}} or {@code
 * {"blockNumber": n}}). A string of {@code 0x} and 64 hex digits is a hash: as a quantity it would be far
 * above any block number.
 */
sealed interface BlockSelector {

    /** A block named by number or tag. */
    record ByTag(BlockTag tag) implements BlockSelector {
        public ByTag {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /** A block named by its hash. */
    record ByHash(Hash32 hash) implements BlockSelector {
        public ByHash {
            Objects.requireNonNull(hash, "hash");
        }
    }

    /** Param {@code index}, which is required. */
    static BlockSelector param(RpcParams params, int index) {
        if (!params.has(index)) {
            throw RpcException.invalidParams("missing param " + index + ": expected a block number, tag or block hash");
        }
        return param(params, index, BlockTag.Named.LATEST);
    }

    /** Param {@code index}, or {@code otherwise} when it is absent or null. */
    static BlockSelector param(RpcParams params, int index, BlockTag otherwise) {
        if (!params.has(index)) {
            return new ByTag(otherwise);
        }
        JsonNode value = params.raw(index);
        if (value.isObject()) {
            return fromObject(value, index);
        }
        if (value.isTextual() && value.textValue().length() == 2 + 2 * Hash32.LENGTH) {
            return new ByHash(Hash32.of(params.hash(index)));
        }
        if (!value.isTextual()) {
            String json = value.toString();
            throw RpcException.invalidParams("param " + index + ": expected a block number, tag or block hash, got "
                    + (json.length() <= 48 ? json : json.substring(0, 48) + "..."));
        }
        return new ByTag(params.blockTag(index));
    }

    /** EIP-1898: exactly one of {@code blockHash} (with an optional {@code requireCanonical}) and {@code blockNumber}. */
    private static BlockSelector fromObject(JsonNode object, int index) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("blockHash") && !name.equals("blockNumber") && !name.equals("requireCanonical")) {
                throw RpcException.invalidParams("param " + index + ": unknown field '" + name
                        + "'; a block object has blockHash (and requireCanonical) or blockNumber");
            }
        }
        boolean byHash = object.hasNonNull("blockHash");
        boolean byNumber = object.hasNonNull("blockNumber");
        if (byHash == byNumber) {
            throw RpcException.invalidParams(
                    "param " + index + ": a block object has exactly one of blockHash and blockNumber");
        }
        if (object.has("requireCanonical") && !object.get("requireCanonical").isBoolean()) {
            throw RpcException.invalidParams("param " + index + ": requireCanonical must be a boolean");
        }
        // Every committed block is canonical: one validator finalizes each height once, so requireCanonical
        // holds for any block found.
        RpcParams inner = RpcParams.of(object.get(byHash ? "blockHash" : "blockNumber"));
        try {
            return byHash ? new ByHash(Hash32.of(inner.hash(0))) : new ByTag(inner.blockTag(0));
        } catch (RpcException e) {
            throw RpcException.invalidParams("param " + index + "." + (byHash ? "blockHash" : "blockNumber") + ": "
                    + e.getMessage().replaceFirst("^param 0: ", ""));
        }
    }
}
