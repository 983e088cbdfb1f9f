package io.lockstep.node.rpc;

import io.lockstep.node.rpc.internal.DispatchExecutor;
import io.lockstep.node.rpc.internal.RpcChannelInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC server: HTTP POST and WebSocket on one port, {@code GET /health} beside them. Network threads
 * only parse HTTP and frames; methods run on a bounded pool of worker threads.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

    /** Network threads only parse and move bytes; methods never run on them. */
    private static final int IO_THREADS = 2;

    /**
     * Bytes Netty may hold for a connection beyond what the kernel took. Notifications wait in their
     * connection's own bounded queue while the channel is over this mark; replies are written regardless.
     */
    private static final int WRITE_HIGH_WATER = 64 * 1024;

    private static final int WRITE_LOW_WATER = 32 * 1024;

    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final DispatchExecutor executor;
    private final ChannelGroup channels;
    private final Channel serverChannel;
    private final InetSocketAddress boundAddress;

    private RpcServer(
            EventLoopGroup acceptGroup,
            EventLoopGroup ioGroup,
            DispatchExecutor executor,
            ChannelGroup channels,
            Channel serverChannel) {
        this.acceptGroup = acceptGroup;
        this.ioGroup = ioGroup;
        this.executor = executor;
        this.channels = channels;
        this.serverChannel = serverChannel;
        this.boundAddress = (InetSocketAddress) serverChannel.localAddress();
    }

    /** Binds and starts serving the registry's methods; throws if the address cannot be bound. */
    public static RpcServer start(RpcConfig config, RpcMethodRegistry methods, RpcMetrics metrics) throws IOException {
        RpcDispatcher dispatcher = new RpcDispatcher(methods, config.maxBatchSize(), metrics);
        DispatchExecutor executor =
                new DispatchExecutor(dispatcher, metrics, config.workerThreads(), config.maxQueuedRequests());
        EventLoopGroup acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("rpc-accept", true));
        EventLoopGroup ioGroup = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("rpc-io", true));
        ChannelGroup channels = new DefaultChannelGroup("rpc-connections", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(WRITE_LOW_WATER, WRITE_HIGH_WATER))
                .childHandler(new RpcChannelInitializer(config, dispatcher, executor, metrics, channels));
        ChannelFuture bind = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutdown(acceptGroup, ioGroup, executor);
            throw new IOException(
                    "rpc: cannot listen on " + config.host() + ":" + config.port() + ": "
                            + bind.cause().getMessage(),
                    bind.cause());
        }
        RpcServer server = new RpcServer(acceptGroup, ioGroup, executor, channels, bind.channel());
        log.info(
                "rpc listening address={} hosts={} maxRequestBytes={} maxBatchSize={} workers={} maxQueued={}",
                server.boundAddress,
                String.join(",", config.allowedHosts()),
                config.maxRequestBytes(),
                config.maxBatchSize(),
                config.workerThreads(),
                config.maxQueuedRequests());
        return server;
    }

    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    /** Stops accepting, closes every connection, and lets running requests finish briefly. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        channels.close().awaitUninterruptibly();
        shutdown(acceptGroup, ioGroup, executor);
        log.info("rpc stopped address={}", boundAddress);
    }

    private static void shutdown(EventLoopGroup acceptGroup, EventLoopGroup ioGroup, DispatchExecutor executor) {
        executor.close();
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
