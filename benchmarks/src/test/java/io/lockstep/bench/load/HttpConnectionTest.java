package io.lockstep.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    private HttpServer server;
    private URI url;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Echoes the body; the path picks the framing or status of the reply. */
    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String path = exchange.getRequestURI().getPath();
        if (!"application/json".equals(type)) {
            body = ("wrong content type " + type).getBytes(StandardCharsets.UTF_8);
        }
        if (path.equals("/close")) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        int status = path.equals("/busy") ? 503 : 200;
        // Length 0 asks the JDK server for a chunked reply.
        exchange.sendResponseHeaders(status, path.equals("/chunked") ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void reusesOneConnectionForManyRequests() throws IOException {
        try (HttpConnection http = new HttpConnection(url, 5_000)) {
            for (int i = 0; i < 20; i++) {
                byte[] body = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(body, http.post(body));
            }
            assertEquals(1, http.connects());
        }
        assertEquals(20, requests.get());
    }

    @Test
    void readsChunkedReplies() throws IOException {
        byte[] body = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        try (HttpConnection http = new HttpConnection(url.resolve("/chunked"), 5_000)) {
            assertArrayEquals(body, http.post(body));
            assertArrayEquals(body, http.post(body));
            assertEquals(1, http.connects());
        }
    }

    @Test
    void anotherStatusIsAnErrorButKeepsTheConnection() throws IOException {
        try (HttpConnection http = new HttpConnection(url.resolve("/busy"), 5_000)) {
            HttpConnection.HttpStatusException busy = assertThrows(
                    HttpConnection.HttpStatusException.class, () -> http.post("{}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(503, busy.status());
            assertTrue(busy.getMessage().contains("{}"), busy.getMessage());
            assertThrows(HttpConnection.HttpStatusException.class, () -> http.post(new byte[] {'1'}));
            assertEquals(1, http.connects());
        }
    }

    @Test
    void reconnectsWhenTheServerClosesTheConnection() throws IOException {
        try (HttpConnection http = new HttpConnection(url.resolve("/close"), 5_000)) {
            http.post(new byte[] {'1'});
            http.post(new byte[] {'2'});
            assertEquals(2, http.connects());
        }
    }

    @Test
    void refusesWhatIsNotPlainHttp() {
        assertThrows(IllegalArgumentException.class, () -> new HttpConnection(URI.create("https://127.0.0.1/"), 1));
    }
}
