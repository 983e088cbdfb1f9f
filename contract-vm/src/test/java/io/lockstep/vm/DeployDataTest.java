package io.lockstep.vm;

import static io.lockstep.vm.testing.VmFixture.concat;
import static io.lockstep.vm.testing.VmFixture.endSection;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.vm.testing.Wat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Where a deploy's module ends and its constructor input begins. */
class DeployDataTest {

    private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};
    private static final byte[] MODULE = Wat.compile(
            """
            (module
              (memory 1)
              (func (export "deploy"))
              (func (export "call")))
            """);
    /** Two ABI words, as Web3j encodes {@code (uint256 7, address 0x11…11)}: zeros first, like a custom section id. */
    private static final byte[] ARGS = concat(uint(7), address((byte) 0x11));

    @Test
    void aMarkerAtTheEndEndsTheModuleWithNoInput() {
        byte[] module = concat(MODULE, endSection());
        assertSplit(module, module, new byte[0]);
    }

    @Test
    void theBytesAfterTheMarkerAreTheConstructorInput() {
        byte[] module = concat(MODULE, endSection());
        assertSplit(concat(module, ARGS), module, ARGS);
        assertSplit(concat(module, new byte[] {0}), module, new byte[] {0});
    }

    @Test
    void withoutAMarkerTheWholeDataIsTheModule() {
        assertSplit(MODULE, MODULE, new byte[0]);
        // no marker: the words stay in the module, for the pipeline to refuse
        assertSplit(concat(MODULE, ARGS), concat(MODULE, ARGS), new byte[0]);
    }

    @Test
    void theFirstMarkerEndsTheModuleEvenWhenWhatFollowsParsesAsSections() {
        byte[] sections = Arrays.copyOfRange(MODULE, HEADER.length, MODULE.length);
        byte[] module = concat(HEADER, endSection());
        assertSplit(concat(module, sections), module, sections);
        // a second marker is input too
        byte[] first = concat(MODULE, endSection());
        assertSplit(concat(first, endSection(), ARGS), first, concat(endSection(), ARGS));
    }

    @Test
    void onlyTheExactNameMarks() {
        for (String name : new String[] {"lockstep.en", "lockstep.endx", "Lockstep.end", "lockstep_end", ""}) {
            byte[] data = concat(MODULE, custom(name, new byte[0]), ARGS);
            assertSplit(data, data, new byte[0]);
        }
    }

    @Test
    void aMarkerWithAPayloadStillEndsTheModuleAfterItsPayload() {
        byte[] module = concat(MODULE, custom(DeployData.END_SECTION, new byte[] {0x42}));
        assertSplit(concat(module, ARGS), module, ARGS);
    }

    @Test
    void dataWhoseSectionsCannotBeWalkedIsAllModule() {
        byte[] badMagic = concat(new byte[] {0, 'w', 'a', 's', 1, 0, 0, 0}, endSection(), ARGS);
        assertSplit(badMagic, badMagic, new byte[0]);
        byte[] badVersion = concat(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}, endSection(), ARGS);
        assertSplit(badVersion, badVersion, new byte[0]);
        byte[] short1 = {0, 'a', 's'};
        assertSplit(short1, short1, new byte[0]);
        // a type section claiming 127 bytes where 15 follow
        byte[] pastTheEnd = concat(HEADER, new byte[] {1, 0x7F}, endSection(), ARGS);
        assertSplit(pastTheEnd, pastTheEnd, new byte[0]);
        // a section size in six LEB128 bytes
        byte[] overlong = concat(HEADER, new byte[] {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0}, ARGS);
        assertSplit(overlong, overlong, new byte[0]);
    }

    @Test
    void aCustomSectionWithAnUnreadableNameIsSkipped() {
        // a custom section whose name claims 32 bytes where its payload has one
        byte[] broken = {0, 2, 32, 'x'};
        byte[] module = concat(MODULE, broken, endSection());
        assertSplit(concat(module, ARGS), module, ARGS);
    }

    @Test
    void theModuleAndInputAreCopies() {
        byte[] data = concat(MODULE, endSection(), ARGS);
        DeployData parts = DeployData.split(data);
        parts.constructorInput()[0] = 99;
        data[data.length - 1] = 99;
        assertArrayEquals(ARGS, parts.constructorInput());
        assertEquals(DeployData.split(concat(MODULE, endSection(), ARGS)), parts);
    }

    private static void assertSplit(byte[] data, byte[] module, byte[] input) {
        DeployData parts = DeployData.split(data);
        assertArrayEquals(module, parts.module(), "module");
        assertArrayEquals(input, parts.constructorInput(), "constructor input");
    }

    private static byte[] custom(String name, byte[] payload) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        return concat(
                new byte[] {0, (byte) (1 + nameBytes.length + payload.length), (byte) nameBytes.length},
                nameBytes,
                payload);
    }

    private static byte[] uint(int value) {
        byte[] word = new byte[32];
        word[31] = (byte) value;
        return word;
    }

    private static byte[] address(byte filler) {
        byte[] word = new byte[32];
        Arrays.fill(word, 12, 32, filler);
        return word;
    }
}
