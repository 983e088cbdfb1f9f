package io.lockstep.node.rpc.internal;

import io.lockstep.node.rpc.RpcMetrics;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over an upgraded connection: each text (or binary) message is a request or batch, answered with
 * a text message. Oversized messages close the connection with status 1009.
 */
final class WebSocketRpcHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(WebSocketRpcHandler.class);

    private final WebSocketServerHandshaker handshaker;
    private final DispatchExecutor executor;
    private final RpcMetrics metrics;
    private final int maxMessageBytes;
    private final int maxPendingNotificationBytes;
    private WebSocketSession session;
    private RequestSequencer sequencer;
    /** Whether the client was pinged since its last frame; confined to the event loop. */
    private boolean pinged;

    WebSocketRpcHandler(
            WebSocketServerHandshaker handshaker,
            DispatchExecutor executor,
            RpcMetrics metrics,
            int maxMessageBytes,
            int maxPendingNotificationBytes) {
        this.handshaker = handshaker;
        this.executor = executor;
        this.metrics = metrics;
        this.maxMessageBytes = maxMessageBytes;
        this.maxPendingNotificationBytes = maxPendingNotificationBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        session = new WebSocketSession(ctx.channel(), metrics, maxPendingNotificationBytes);
        sequencer = new RequestSequencer(ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        pinged = false;
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            byte[] body = ByteBufUtil.getBytes(frame.content());
            sequencer.submit(done -> execute(ctx, body, done));
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
        }
        // Pongs need no answer; continuation frames arrive merged by the aggregator.
    }

    private void execute(ChannelHandlerContext ctx, byte[] body, Runnable done) {
        boolean accepted = executor.submit(body, session, ctx.channel().eventLoop(), reply -> {
            session.replying();
            reply.ifPresent(json -> ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json))));
            done.run();
        });
        if (!accepted) {
            log.debug(
                    "rpc request rejected reason=busy remote={}", ctx.channel().remoteAddress());
            session.replying();
            ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(executor.busyReply())));
            done.run();
        }
    }

    /**
     * The client was silent for half the idle timeout: ping it, which any live client answers (browsers on
     * their own). Silent for the whole timeout: close. Not while one of its requests runs, since the
     * connection is not read then.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE) {
            super.userEventTriggered(ctx, event);
            return;
        }
        if (!sequencer.isIdle()) {
            return;
        }
        if (!pinged) {
            pinged = true;
            ctx.writeAndFlush(new PingWebSocketFrame());
        } else {
            log.debug(
                    "rpc websocket closed reason=idle remote={}", ctx.channel().remoteAddress());
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle timeout"))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            session.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.closed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            tooLarge(ctx);
        } else if (cause instanceof CorruptedWebSocketFrameException corrupted
                && corrupted.closeStatus().equals(WebSocketCloseStatus.MESSAGE_TOO_BIG)) {
            // The frame decoder has already sent its close frame.
            metrics.rejected(RpcMetrics.Rejection.TOO_LARGE);
            log.debug(
                    "rpc request rejected reason=too_large remote={}",
                    ctx.channel().remoteAddress());
            ctx.close();
        } else {
            log.debug("rpc websocket failed remote={}", ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    private void tooLarge(ChannelHandlerContext ctx) {
        metrics.rejected(RpcMetrics.Rejection.TOO_LARGE);
        log.debug(
                "rpc request rejected reason=too_large remote={}", ctx.channel().remoteAddress());
        ctx.writeAndFlush(new CloseWebSocketFrame(
                        WebSocketCloseStatus.MESSAGE_TOO_BIG, "message exceeds " + maxMessageBytes + " bytes"))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
