package io.lockstep.node.rpc.internal;

import io.lockstep.node.rpc.RpcDispatcher;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcMetrics;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
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
 * error instead of Netty's empty 413, so that JSON-RPC clients can read why.
 */
final class RpcBodyAggregator extends HttpObjectAggregator {

    private static final Logger log = LoggerFactory.getLogger(RpcBodyAggregator.class);

    private final RpcDispatcher dispatcher;
    private final RpcMetrics metrics;

    RpcBodyAggregator(int maxRequestBytes, RpcDispatcher dispatcher, RpcMetrics metrics) {
        super(maxRequestBytes);
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse response = tooLarge(ctx, oversized);
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
        if (isTooLarge(response)) {
            ReferenceCountUtil.release(response);
            FullHttpResponse answer = tooLarge(pipeline.context(this), start);
            HttpUtil.setKeepAlive(answer, false);
            return answer;
        }
        return response;
    }

    @Override
    protected boolean closeAfterContinueResponse(Object response) {
        return isTooLarge(response) || super.closeAfterContinueResponse(response);
    }

    private static boolean isTooLarge(Object response) {
        return response instanceof HttpResponse answer
                && answer.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    }

    private FullHttpResponse tooLarge(ChannelHandlerContext ctx, HttpMessage oversized) {
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
