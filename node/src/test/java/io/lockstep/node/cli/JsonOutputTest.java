package io.lockstep.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JsonOutputTest {

    /** Solidity's ABI encoding of {@code Error(message)}; the message must fit in one 32-byte word. */
    static byte[] errorString(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(4 + 32 + 32 + 32);
        buffer.putInt(0x08c379a0);
        buffer.put(new byte[28]).putInt(0x20);
        buffer.put(new byte[28]).putInt(text.length);
        buffer.put(text);
        return buffer.array();
    }

    @Test
    void decodesAnErrorString() {
        assertEquals("reverted: not allowed", JsonOutput.revertMessage(errorString("not allowed")));
    }

    @Test
    void describesOtherReasonsByTheirSize() {
        byte[] lying = errorString("x");
        lying[4 + 32 + 31] = 100; // claims 100 bytes of text where there are 32
        byte[] hugeOffset = errorString("x");
        hugeOffset[4] = 1;

        assertEquals("reverted with 0 bytes of reason data", JsonOutput.revertMessage(new byte[0]));
        assertEquals("reverted with 3 bytes of reason data", JsonOutput.revertMessage(new byte[] {1, 2, 3}));
        assertEquals("reverted with 100 bytes of reason data", JsonOutput.revertMessage(lying));
        assertEquals("reverted with 100 bytes of reason data", JsonOutput.revertMessage(hugeOffset));
        assertEquals(
                "reverted with 67 bytes of reason data", JsonOutput.revertMessage(Arrays.copyOf(errorString("x"), 67)));
    }
}
