package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.node.rpc.RpcServerHttpTest.RawResponse;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A WebSocket client on a plain socket that does only what the test says: unlike the JDK's, it answers no
 * ping on its own, so a test can be the silent client a server must give up on. Frames are read whole;
 * the server's frames are small and unfragmented.
 */
final class RawWebSocket implements AutoCloseable {

    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** One frame from the server. */
    record Frame(int opcode, byte[] payload) {
        /** The status code of a close frame. */
        int closeStatus() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Random masks = new Random(1);

    RawWebSocket(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout((int) Poll.DEADLINE.toMillis());
        out = socket.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        in = new DataInputStream(socket.getInputStream());
        assertEquals(101, RawResponse.read(in).status, "the upgrade is accepted");
    }

    /** The next frame, waiting up to the test deadline; null when the server closed the connection. */
    Frame next() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            throw new IOException("a frame too long for this client");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Whether the server has closed the connection: the next read finds its end. */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    void send(int opcode, byte[] payload) throws IOException {
        // Client frames are masked (RFC 6455, 5.3); short control and test frames only.
        byte[] mask = new byte[4];
        masks.nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
