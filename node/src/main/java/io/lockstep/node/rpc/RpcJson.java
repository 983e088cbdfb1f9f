package io.lockstep.node.rpc;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON settings of the RPC: strict on input, so that an ambiguous request is an error, not a guess. */
final class RpcJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            // {"id":1} {"id":2} is not one request; neither is an object with a key twice.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Keeps a fractional id exactly as sent, so that it is echoed unchanged.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private RpcJson() {}
}
