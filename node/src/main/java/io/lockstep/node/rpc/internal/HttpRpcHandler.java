package io.lockstep.node.rpc.internal;

import io.lockstep.node.rpc.RpcConnection;
import io.lockstep.node.rpc.RpcDispatcher;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP requests: {@code POST /} is JSON-RPC, {@code GET /} with {@code Upgrade: websocket} becomes a
 * WebSocket connection, {@code GET /health} answers 200. Everything else gets a status that says what is
 * wrong, with a JSON-RPC error body on {@code /}.
 */
final class HttpRpcHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpRpcHandler.class);
    private static final String ALLOWED_ON_ROOT = "POST, GET, OPTIONS";
    private static final int MAX_HOST_ECHO = 64;

    /** The name of the connection's idle-timeout handler in the pipeline, which an upgrade replaces. */
    static final String IDLE_HANDLER = "idle";

    private final RpcDispatcher dispatcher;
    private final DispatchExecutor executor;
    private final RpcMetrics metrics;
    private final OriginPolicy origins;
    private final HostPolicy hosts;
    private final int maxRequestBytes;
    private final int maxPendingNotificationBytes;
    private final Duration webSocketIdleTimeout;
    private final boolean webSockets;
    private RequestSequencer sequencer;

    HttpRpcHandler(
            RpcDispatcher dispatcher,
            DispatchExecutor executor,
            RpcMetrics metrics,
            OriginPolicy origins,
            HostPolicy hosts,
            int maxRequestBytes,
            int maxPendingNotificationBytes,
            Duration webSocketIdleTimeout,
            boolean webSockets) {
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.metrics = metrics;
        this.origins = origins;
        this.hosts = hosts;
        this.maxRequestBytes = maxRequestBytes;
        this.maxPendingNotificationBytes = maxPendingNotificationBytes;
        this.webSocketIdleTimeout = webSocketIdleTimeout;
        this.webSockets = webSockets;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        sequencer = new RequestSequencer(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            // The connection's framing is lost after a malformed request: answer and close.
            log.debug(
                    "rpc request rejected reason=malformed_http remote={} cause={}",
                    ctx.channel().remoteAddress(),
                    request.decoderResult().cause().toString());
            FullHttpResponse response = HttpReplies.text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n");
            HttpUtil.setKeepAlive(response, false);
            sequencer.submit(done -> {
                ctx.writeAndFlush(response);
                done.run();
            });
            return;
        }
        HttpCall call = HttpCall.of(request);
        sequencer.submit(done -> route(ctx, call, done));
    }

    private void route(ChannelHandlerContext ctx, HttpCall call, Runnable done) {
        List<String> host = call.headers().getAll(HttpHeaderNames.HOST);
        if (!hosts.allows(host, isLoopback(ctx.channel()))) {
            metrics.rejected(RpcMetrics.Rejection.HOST);
            log.debug(
                    "rpc request rejected reason=host remote={} host={}",
                    ctx.channel().remoteAddress(),
                    host.stream()
                            .map(h -> h.length() <= MAX_HOST_ECHO ? h : h.substring(0, MAX_HOST_ECHO) + "...")
                            .toList());
            ctx.writeAndFlush(hostRefused(!host.isEmpty()));
            done.run();
            return;
        }
        if (!origins.allows(call.origin())) {
            metrics.rejected(RpcMetrics.Rejection.ORIGIN);
            log.debug(
                    "rpc request rejected reason=origin origin={}",
                    call.origin().orElse(""));
            reply(ctx, call, HttpReplies.text(HttpResponseStatus.FORBIDDEN, "origin not allowed\n"), done);
            return;
        }
        String path = call.path();
        if (path.equals("/health")) {
            health(ctx, call, done);
        } else if (!path.equals("/")) {
            reply(
                    ctx,
                    call,
                    HttpReplies.text(HttpResponseStatus.NOT_FOUND, "not found; JSON-RPC is served at /\n"),
                    done);
        } else if (call.method().equals(HttpMethod.POST)) {
            post(ctx, call, done);
        } else if (call.method().equals(HttpMethod.GET) && isWebSocketUpgrade(call)) {
            if (webSockets) {
                upgrade(ctx, call, done);
            } else {
                reply(
                        ctx,
                        call,
                        HttpReplies.text(
                                HttpResponseStatus.NOT_FOUND,
                                "WebSocket is turned off on this node (rpc.websocket: false); use POST for JSON-RPC\n"),
                        done);
            }
        } else if (call.method().equals(HttpMethod.OPTIONS)) {
            FullHttpResponse response = HttpReplies.noContent();
            response.headers().set(HttpHeaderNames.ALLOW, ALLOWED_ON_ROOT);
            if (call.origin().isPresent()) {
                origins.decoratePreflight(response);
            }
            reply(ctx, call, response, done);
        } else {
            FullHttpResponse response = error(
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "invalid request: use POST for JSON-RPC over HTTP, or GET with Upgrade: websocket");
            response.headers().set(HttpHeaderNames.ALLOW, ALLOWED_ON_ROOT);
            reply(ctx, call, response, done);
        }
    }

    private void health(ChannelHandlerContext ctx, HttpCall call, Runnable done) {
        if (call.method().equals(HttpMethod.GET)) {
            reply(ctx, call, HttpReplies.text(HttpResponseStatus.OK, "ok\n"), done);
        } else {
            FullHttpResponse response = HttpReplies.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
            reply(ctx, call, response, done);
        }
    }

    private void post(ChannelHandlerContext ctx, HttpCall call, Runnable done) {
        if (!isJson(call.headers().get(HttpHeaderNames.CONTENT_TYPE))) {
            reply(
                    ctx,
                    call,
                    error(
                            HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                            "invalid request: Content-Type must be application/json"),
                    done);
            return;
        }
        boolean accepted = executor.submit(
                call.body(), RpcConnection.WITHOUT_SUBSCRIPTIONS, ctx.channel().eventLoop(), body -> {
                    FullHttpResponse response = body.map(json -> HttpReplies.json(HttpResponseStatus.OK, json))
                            .orElseGet(HttpReplies::noContent);
                    reply(ctx, call, response, done);
                });
        if (!accepted) {
            log.debug(
                    "rpc request rejected reason=busy remote={}", ctx.channel().remoteAddress());
            reply(ctx, call, HttpReplies.json(HttpResponseStatus.SERVICE_UNAVAILABLE, executor.busyReply()), done);
        }
    }

    private void upgrade(ChannelHandlerContext ctx, HttpCall call, Runnable done) {
        String url = "ws://" + call.headers().get(HttpHeaderNames.HOST, "localhost") + "/";
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxRequestBytes)
                .allowExtensions(false)
                .build();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(url, null, decoder).newHandshaker(call.toRequest());
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            done.run();
            return;
        }
        ChannelFuture handshake;
        try {
            handshake = handshaker.handshake(ctx.channel(), call.toRequest());
        } catch (WebSocketHandshakeException e) {
            log.debug(
                    "rpc websocket handshake refused remote={} cause={}",
                    ctx.channel().remoteAddress(),
                    e.getMessage());
            FullHttpResponse response = HttpReplies.text(
                    HttpResponseStatus.BAD_REQUEST, "invalid WebSocket handshake: " + e.getMessage() + "\n");
            HttpUtil.setKeepAlive(response, false);
            reply(ctx, call, response, done);
            return;
        }
        // Still in the event-loop task that wrote the handshake response, so no frame can be read before the
        // WebSocket handlers are in place; the handshake itself swapped the HTTP codec for the frame codec.
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(HttpServerKeepAliveHandler.class);
        // Silence is measured from the client alone: half the timeout, then a ping, then the other half.
        long half = webSocketIdleTimeout.toNanos() / 2;
        pipeline.replace(IDLE_HANDLER, IDLE_HANDLER, new IdleStateHandler(half, 0, 0, TimeUnit.NANOSECONDS));
        pipeline.addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxRequestBytes));
        pipeline.replace(
                this,
                "ws-rpc",
                new WebSocketRpcHandler(handshaker, executor, metrics, maxRequestBytes, maxPendingNotificationBytes));
        handshake.addListener(future -> {
            if (!future.isSuccess()) {
                log.debug(
                        "rpc websocket handshake failed remote={}",
                        ctx.channel().remoteAddress(),
                        future.cause());
                ctx.channel().close();
            }
            done.run();
        });
    }

    /** Closes a connection that carried nothing for the idle timeout, unless one of its requests is still running. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.ALL_IDLE) {
            if (sequencer.isIdle()) {
                log.debug(
                        "rpc connection closed reason=idle remote={}",
                        ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and aborted clients are routine for a public endpoint: not worth more than a debug line.
        log.debug("rpc connection failed remote={}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private void reply(ChannelHandlerContext ctx, HttpCall call, FullHttpResponse response, Runnable done) {
        origins.decorate(response, call.origin());
        ctx.writeAndFlush(response);
        done.run();
    }

    private FullHttpResponse error(HttpResponseStatus status, String message) {
        return HttpReplies.json(status, dispatcher.refusal(RpcErrorCode.INVALID_REQUEST, message));
    }

    /** The answer to a request whose Host is not allowed: plain text and no CORS headers, nothing for a page. */
    static FullHttpResponse hostRefused(boolean hasHost) {
        return HttpReplies.text(
                HttpResponseStatus.FORBIDDEN,
                hasHost
                        ? "forbidden: this Host is not one the node serves (rpc.hosts)\n"
                        : "forbidden: a request without a Host header is served on loopback only\n");
    }

    /** Whether the connection came in on a loopback address, so that its client is on this machine. */
    static boolean isLoopback(Channel channel) {
        return channel.localAddress() instanceof InetSocketAddress local
                && local.getAddress() != null
                && local.getAddress().isLoopbackAddress();
    }

    private static boolean isWebSocketUpgrade(HttpCall call) {
        return call.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** {@code application/json}, with or without parameters such as a charset. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals("application/json");
    }
}
