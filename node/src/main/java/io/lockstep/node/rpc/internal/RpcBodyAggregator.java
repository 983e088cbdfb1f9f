package io.lockstep.node.rpc.internal;

import io.lockstep.node.rpc.RpcDispatcher;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcMetrics;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a request body up to the size limit. An oversized body is answered with 413 and a JSON-RPC
 * error instead of Netty's empty 413, so that JSON-RPC clients can read why; or with 403 when its Host is
 * not allowed, as any other request with that Host would be.
 */
final class RpcBodyAggregator extends HttpObjectAggregator {

    private static final Logger log = LoggerFactory.getLogger(RpcBodyAggregator.class);

    private final RpcDispatcher dispatcher;
    private final RpcMetrics metrics;
    private final HostPolicy hosts;

    RpcBodyAggregator(int maxRequestBytes, RpcDispatcher dispatcher, RpcMetrics metrics, HostPolicy hosts) {
        super(maxRequestBytes);
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.hosts = hosts;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse response = oversizedAnswer(ctx, oversized);
        // As Netty's own handler decides: a body that is already partly read, a connection that is not being
        // read, or one the client will not reuse is closed; otherwise the rest of the body is skipped.
        boolean close = oversized instanceof FullHttpMessage
                || !ctx.channel().config().isAutoRead()
                || !(oversized instanceof HttpRequest)
                || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
        HttpUtil.setKeepAlive(response, !close);
        if (close) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    /**
     * A client that asked {@code Expect: 100-continue} for an oversized body gets the same answer, and the
     * connection is closed after it: whether such a client then sends the body or not is up to it, so the
     * bytes that follow cannot be read reliably.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (isRefusal(response)) {
            ReferenceCountUtil.release(response);
            FullHttpResponse answer = oversizedAnswer(pipeline.context(this), start);
            HttpUtil.setKeepAlive(answer, false);
            return answer;
        }
        return response;
    }

    @Override
    protected boolean closeAfterContinueResponse(Object response) {
        return isRefusal(response) || super.closeAfterContinueResponse(response);
    }

    /** Netty's 413 for an announced oversized body, or the answer it was replaced with (413 or 403). */
    private static boolean isRefusal(Object response) {
        return response instanceof HttpResponse answer
                && (answer.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                        || answer.status().equals(HttpResponseStatus.FORBIDDEN));
    }

    private FullHttpResponse oversizedAnswer(ChannelHandlerContext ctx, HttpMessage oversized) {
        if (!hosts.allows(oversized.headers().getAll(HttpHeaderNames.HOST), HttpRpcHandler.isLoopback(ctx.channel()))) {
            metrics.rejected(RpcMetrics.Rejection.HOST);
            log.debug(
                    "rpc request rejected reason=host remote={}", ctx.channel().remoteAddress());
            return HttpRpcHandler.hostRefused(oversized.headers().contains(HttpHeaderNames.HOST));
        }
        metrics.rejected(RpcMetrics.Rejection.TOO_LARGE);
        log.debug(
                "rpc request rejected reason=too_large remote={} contentLength={} limit={}",
                ctx.channel().remoteAddress(),
                HttpUtil.getContentLength(oversized, -1L),
                maxContentLength());
        return HttpReplies.json(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                dispatcher.refusal(
                        RpcErrorCode.LIMIT_EXCEEDED,
                        "request too large: the limit is " + maxContentLength() + " bytes"));
    }
}
