package io.lockstep.node.rpc.internal;

import io.lockstep.node.rpc.RpcConfig;
import io.lockstep.node.rpc.RpcDispatcher;
import io.lockstep.node.rpc.RpcMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets up each accepted connection, and refuses connections over the limit by closing them at once. */
public final class RpcChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final Logger log = LoggerFactory.getLogger(RpcChannelInitializer.class);

    private final RpcConfig config;
    private final RpcDispatcher dispatcher;
    private final DispatchExecutor executor;
    private final RpcMetrics metrics;
    private final ChannelGroup channels;
    private final OriginPolicy origins;
    private final HostPolicy hosts;
    private final AtomicInteger open = new AtomicInteger();

    public RpcChannelInitializer(
            RpcConfig config,
            RpcDispatcher dispatcher,
            DispatchExecutor executor,
            RpcMetrics metrics,
            ChannelGroup channels) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.metrics = metrics;
        this.channels = channels;
        this.origins = new OriginPolicy(config.corsAllowedOrigins());
        this.hosts = new HostPolicy(config.allowedHosts());
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (open.incrementAndGet() > config.maxConnections()) {
            open.decrementAndGet();
            metrics.rejected(RpcMetrics.Rejection.CONNECTIONS);
            log.debug(
                    "rpc connection rejected reason=connections remote={} limit={}",
                    channel.remoteAddress(),
                    config.maxConnections());
            channel.close();
            return;
        }
        metrics.connections().inc();
        channel.closeFuture().addListener(closed -> {
            open.decrementAndGet();
            metrics.connections().dec();
        });
        channels.add(channel);
        channel.pipeline()
                .addLast(
                        HttpRpcHandler.IDLE_HANDLER,
                        new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast("http-codec", new HttpServerCodec())
                .addLast("http-keep-alive", new HttpServerKeepAliveHandler())
                .addLast("http-aggregator", new RpcBodyAggregator(config.maxRequestBytes(), dispatcher, metrics, hosts))
                .addLast(
                        "http-rpc",
                        new HttpRpcHandler(
                                dispatcher,
                                executor,
                                metrics,
                                origins,
                                hosts,
                                config.maxRequestBytes(),
                                config.maxPendingNotificationBytes(),
                                config.webSocketIdleTimeout(),
                                config.webSockets()));
    }
}
