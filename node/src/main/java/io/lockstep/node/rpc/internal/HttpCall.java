package io.lockstep.node.rpc.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Optional;

/**
 * A copy of one HTTP request, detached from Netty's reference-counted buffers so that it can wait its turn
 * behind an executing request of the same connection.
 */
record HttpCall(HttpVersion version, HttpMethod method, String uri, HttpHeaders headers, byte[] body) {

    static HttpCall of(FullHttpRequest request) {
        return new HttpCall(
                request.protocolVersion(),
                request.method(),
                request.uri(),
                request.headers().copy(),
                ByteBufUtil.getBytes(request.content()));
    }

    String path() {
        return new QueryStringDecoder(uri).path();
    }

    Optional<String> origin() {
        return Optional.ofNullable(headers.get(HttpHeaderNames.ORIGIN));
    }

    /** The request again, without its body: what a WebSocket handshake reads. */
    FullHttpRequest toRequest() {
        FullHttpRequest request = new DefaultFullHttpRequest(version, method, uri, Unpooled.EMPTY_BUFFER);
        request.headers().set(headers);
        return request;
    }
}
