package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client on the JDK's implementation that collects whole text messages. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final boolean reading;
    final WebSocket socket;

    /** {@code reading} false: takes the first message only and then stops reading, like a stuck client. */
    WsClient(InetSocketAddress address, boolean reading) throws Exception {
        this.reading = reading;
        URI uri = URI.create("ws://" + address.getHostString() + ":" + address.getPort() + "/");
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, this)
                .get(10, TimeUnit.SECONDS);
    }

    WsClient(InetSocketAddress address) throws Exception {
        this(address, true);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    /** The next whole message, waiting up to the test deadline. */
    JsonNode next() throws InterruptedException {
        String message = messages.poll(Poll.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message within " + Poll.DEADLINE);
        return RpcClient.parse(message);
    }

    JsonNode call(String request) throws Exception {
        send(request);
        return next();
    }

    JsonNode call(int id, String method, String paramsJson) throws Exception {
        return call(
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
    }

    boolean hasMessage() {
        return !messages.isEmpty();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
