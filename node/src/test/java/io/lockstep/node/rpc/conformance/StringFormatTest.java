package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StringFormatTest {

    @Test
    void theSpecificationsPatternsMapToKinds() {
        assertEquals(Optional.of(new StringFormat.Quantity()), StringFormat.fromPattern("^0x(0|[1-9a-f][0-9a-f]*)$"));
        assertEquals(
                Optional.of(new StringFormat.Quantity()), StringFormat.fromPattern("^0x(0|[1-9a-f][0-9a-f]{0,15})$"));
        assertEquals(Optional.of(new StringFormat.FixedData(32, false)), StringFormat.fromPattern("^0x[0-9a-f]{64}$"));
        assertEquals(
                Optional.of(new StringFormat.FixedData(20, true)), StringFormat.fromPattern("^0x[0-9a-fA-F]{40}$"));
        assertEquals(Optional.of(new StringFormat.Data()), StringFormat.fromPattern("^0x[0-9a-f]*$"));
        assertEquals(Optional.of(new StringFormat.BoundedHex(64)), StringFormat.fromPattern("^0x[0-9a-f]{0,64}$"));
        assertEquals(Optional.of(new StringFormat.Decimal()), StringFormat.fromPattern("^(0|[1-9][0-9]*)$"));
        // Literals and ranges of digits prescribe values, not kinds: the fixture's own string decides.
        assertEquals(Optional.empty(), StringFormat.fromPattern("^0x2$"));
        assertEquals(Optional.empty(), StringFormat.fromPattern("^0x[0-9a-f]{1,2}$"));
        assertEquals(Optional.empty(), StringFormat.fromPattern("^execution reverted.*"));
    }

    @Test
    void kindsAcceptTheirOwnStringsOnly() {
        StringFormat quantity = new StringFormat.Quantity();
        assertTrue(quantity.accepts("0x0"));
        assertTrue(quantity.accepts("0x5208"));
        assertFalse(quantity.accepts("0x05208"));
        assertFalse(quantity.accepts("0x"));
        assertFalse(quantity.accepts("0xAB"));
        StringFormat address = new StringFormat.FixedData(20, true);
        assertTrue(address.accepts("0x" + "aB".repeat(20)));
        assertFalse(address.accepts("0x" + "ab".repeat(19)));
        assertFalse(new StringFormat.FixedData(20, false).accepts("0x" + "AB".repeat(20)));
        assertTrue(new StringFormat.Data().accepts("0x"));
        assertFalse(new StringFormat.Data().accepts("0x123"));
        assertTrue(new StringFormat.BoundedHex(4).accepts("0x0"));
        assertFalse(new StringFormat.BoundedHex(4).accepts("0x12345"));
        assertFalse(new StringFormat.Decimal().accepts("012"));
    }

    @Test
    void aStringAloneSuggestsItsKind() {
        assertEquals(new StringFormat.Quantity(), StringFormat.guess("0x1b4"));
        assertEquals(new StringFormat.FixedData(32, false), StringFormat.guess("0x" + "ab".repeat(32)));
        assertEquals(new StringFormat.Data(), StringFormat.guess("0x0102"));
        assertEquals(new StringFormat.Data(), StringFormat.guess("0x"));
        assertEquals(new StringFormat.AnyHex(), StringFormat.guess("0x5208"));
        assertEquals(new StringFormat.Decimal(), StringFormat.guess("3503995874084926"));
        assertEquals(new StringFormat.Text(), StringFormat.guess("latest"));
    }

    @Test
    void violationsSayWhatAStringIs() {
        assertEquals("a quantity", StringFormat.whatIs("0x1"));
        assertEquals("a quantity or 2-byte data", StringFormat.whatIs("0x5208"));
        assertEquals("20-byte data", StringFormat.whatIs("0x" + "00".repeat(20)));
        assertEquals("hex with uppercase digits", StringFormat.whatIs("0xAB"));
        assertEquals("text", StringFormat.whatIs("pending"));
        assertTrue(StringFormat.hasLeadingZeros("0x01"));
        assertFalse(StringFormat.hasLeadingZeros("0x0"));
    }
}
