package io.lockstep.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One HTTP/1.1 keep-alive connection that POSTs JSON and reads the reply, on a plain socket. A general
 * HTTP client costs several times more CPU per request, and here the generator shares the machine with
 * the node it measures, so every microsecond it spends is taken from the node. Not thread-safe: one
 * connection belongs to one thread. Reconnects lazily after the server closed the connection.
 */
final class HttpConnection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_HEADER_LINE = 8 * 1024;

    private final InetSocketAddress address;
    private final byte[] requestHead;
    private final int readTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long connects;

    /**
     * @param url {@code http://host:port/path}; only plain HTTP
     * @param readTimeoutMillis how long one reply may take before the request fails
     */
    HttpConnection(URI url, int readTimeoutMillis) {
        Objects.requireNonNull(url, "url");
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("expected an http://host:port/ URL, got " + url);
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        this.address = new InetSocketAddress(url.getHost(), port);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        this.requestHead = ("POST " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port
                        + "\r\nContent-Type: application/json\r\nContent-Length: ")
                .getBytes(StandardCharsets.US_ASCII);
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** How many TCP connections this object has opened so far. */
    long connects() {
        return connects;
    }

    /**
     * POSTs {@code body} and returns the response body of a 200 reply.
     *
     * @throws HttpStatusException for any other status, with the body as its message
     * @throws IOException when the connection fails; the connection is then closed and reopened next time
     */
    byte[] post(byte[] body) throws IOException {
        Response response;
        try {
            ensureOpen();
            writeRequest(body);
            response = readResponse();
        } catch (IOException | RuntimeException e) {
            closeSocket();
            throw e;
        }
        // The reply was read whole, so the connection stays usable whatever its status.
        if (response.status() != 200) {
            throw new HttpStatusException(response.status(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private record Response(int status, byte[] body) {}

    private void ensureOpen() throws IOException {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        s.connect(address, CONNECT_TIMEOUT_MILLIS);
        s.setSoTimeout(readTimeoutMillis);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = s.getOutputStream();
        connects++;
    }

    private void writeRequest(byte[] body) throws IOException {
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[requestHead.length + length.length + body.length];
        System.arraycopy(requestHead, 0, request, 0, requestHead.length);
        System.arraycopy(length, 0, request, requestHead.length, length.length);
        System.arraycopy(body, 0, request, requestHead.length + length.length, body.length);
        // One write, so that the request leaves in as few packets as the kernel allows (TCP_NODELAY is on).
        out.write(request);
        out.flush();
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status: " + abbreviate(statusLine), e);
        }
        long contentLength = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + abbreviate(line));
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked =
                        value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readExactly(Math.toIntExact(contentLength));
        } else if (code == 204 || code == 304) {
            body = new byte[0];
        } else {
            body = in.readAllBytes(); // no length: the body ends with the connection
            close = true;
        }
        if (close) {
            closeSocket();
        }
        return new Response(code, body);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine), e);
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are read and dropped
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!readLine().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(
                        line.length() == 0 ? "connection closed by the server" : "connection closed mid-line");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a broken socket: nothing left to do
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    @Override
    public void close() {
        closeSocket();
    }

    /** A reply other than 200. */
    static final class HttpStatusException extends IOException {

        private static final long serialVersionUID = 1L;

        private final int status;

        HttpStatusException(int status, String body) {
            super("HTTP " + status + (body.isBlank() ? "" : ": " + abbreviate(body.strip())));
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
