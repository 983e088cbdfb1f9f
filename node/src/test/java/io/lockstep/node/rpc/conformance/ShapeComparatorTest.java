package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape comparison on responses written here; needs no test data. */
class ShapeComparatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = "0x" + "ab".repeat(32);
    private static final String ADDRESS = "0x" + "cd".repeat(20);
    private static final String RECEIPT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"blockHash\":\"" + HASH
            + "\",\"gasUsed\":\"0x5208\",\"contractAddress\":null,\"status\":\"0x1\",\"blobGasUsed\":\"0x0\","
            + "\"logs\":[{\"address\":\"" + ADDRESS + "\",\"removed\":false}],\"ratio\":0.5}}";

    private final ShapeComparator comparator = new ShapeComparator(
            "eth_getTransactionReceipt",
            List.of(new FieldAllowance("eth_getTransactionReceipt", "blobGasUsed", "no blobs here")));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Fixture fixture(String response) {
        return new Fixture(
                "eth_getTransactionReceipt/test",
                "",
                false,
                json("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getTransactionReceipt\",\"params\":[\"" + HASH
                        + "\"]}"),
                json(response));
    }

    private List<Violation> compare(String expected, String ours) {
        return comparator.compare(fixture(expected), Map.of(), json(ours)).violations();
    }

    private List<Violation> compareReceipt(String from, String to) {
        return compare(RECEIPT, RECEIPT.replace(from, to));
    }

    private static void assertSingle(List<Violation> violations, String path, String fragment) {
        assertEquals(1, violations.size(), violations::toString);
        assertEquals(path, violations.get(0).path(), violations::toString);
        assertEquals("eth_getTransactionReceipt/test", violations.get(0).reference());
        assertTrue(violations.get(0).message().contains(fragment), violations::toString);
    }

    @Test
    void theSameShapeWithOtherValuesMatches() {
        String other = RECEIPT.replace(HASH, "0x" + "01".repeat(32))
                .replace("0x5208", "0x1")
                .replace("false", "true")
                .replace("0.5", "1");
        assertEquals(List.of(), compare(RECEIPT, other));
    }

    @Test
    void aMissingMemberIsReportedUnlessAllowed() {
        assertSingle(compareReceipt("\"status\":\"0x1\",", ""), "/result/status", "missing member \"status\"");
        assertEquals(List.of(), compareReceipt("\"blobGasUsed\":\"0x0\",", ""));
    }

    @Test
    void anExtraMemberIsReported() {
        assertSingle(
                compareReceipt("\"status\":\"0x1\"", "\"status\":\"0x1\",\"lockstep\":\"0x2\""),
                "/result/lockstep",
                "extra member \"lockstep\"");
    }

    @Test
    void anExtraMemberIsAllowedOnlyWhereAnExtraAllowanceSaysSo() {
        ShapeComparator allowing = new ShapeComparator(
                "eth_getTransactionReceipt",
                List.of(FieldAllowance.extra("eth_getTransactionReceipt", "/result/logs/*/chainId", "test")));
        String ours = RECEIPT.replace("\"removed\":false", "\"removed\":false,\"chainId\":\"0x1\"");
        assertEquals(
                List.of(),
                allowing.compare(fixture(RECEIPT), Map.of(), json(ours)).violations());
        String elsewhere = RECEIPT.replace("\"status\":\"0x1\"", "\"status\":\"0x1\",\"chainId\":\"0x1\"");
        assertEquals(
                1,
                allowing.compare(fixture(RECEIPT), Map.of(), json(elsewhere))
                        .violations()
                        .size(),
                "only at the pointer allowed");
        String missing = RECEIPT.replace(",\"removed\":false", "");
        ShapeComparator extraOnly = new ShapeComparator(
                "eth_getTransactionReceipt",
                List.of(FieldAllowance.extra("eth_getTransactionReceipt", "removed", "test")));
        assertEquals(
                1,
                extraOnly
                        .compare(fixture(RECEIPT), Map.of(), json(missing))
                        .violations()
                        .size(),
                "an extra allowance does not excuse a missing member");
    }

    @Test
    void aDifferentTypeIsReported() {
        assertSingle(
                compareReceipt("\"gasUsed\":\"0x5208\"", "\"gasUsed\":21000"),
                "/result/gasUsed",
                "expected string like the fixture's \"0x5208\", got number 21000");
        assertSingle(
                compareReceipt("\"removed\":false", "\"removed\":\"false\""),
                "/result/logs/0/removed",
                "expected boolean");
    }

    @Test
    void aQuantityWithLeadingZerosIsReported() {
        assertSingle(
                compareReceipt("\"status\":\"0x1\"", "\"status\":\"0x01\""),
                "/result/status",
                "got a quantity with leading zeros \"0x01\"");
    }

    @Test
    void dataOfAnotherLengthIsReported() {
        assertSingle(
                compareReceipt("\"blockHash\":\"" + HASH + "\"", "\"blockHash\":\"" + ADDRESS + "\""),
                "/result/blockHash",
                "expected 32-byte data like the fixture's");
        assertSingle(
                compareReceipt("\"address\":\"" + ADDRESS + "\"", "\"address\":\"0x5\""),
                "/result/logs/0/address",
                "expected 20-byte data like the fixture's");
    }

    @Test
    void theSchemasStringKindsOverrideTheGuess() {
        // The guess would take 0x5208 for either kind; the schema says it is a quantity, so data must fail.
        String ours = RECEIPT.replace("\"gasUsed\":\"0x5208\"", "\"gasUsed\":\"0x00ff\"");
        assertEquals(List.of(), compare(RECEIPT, RECEIPT.replace("0x5208", "0xabcd")));
        List<Violation> violations = comparator
                .compare(fixture(RECEIPT), Map.of("/result/gasUsed", List.of(new StringFormat.Quantity())), json(ours))
                .violations();
        assertSingle(violations, "/result/gasUsed", "quantity with leading zeros");
    }

    @Test
    void nullBelowTheTopMatchesAnythingButNotAtTheTop() {
        assertEquals(List.of(), compareReceipt("\"contractAddress\":null", "\"contractAddress\":\"" + ADDRESS + "\""));
        assertEquals(List.of(), compareReceipt("\"status\":\"0x1\"", "\"status\":null"));
        assertSingle(compare(RECEIPT, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}"), "/result", "expected object");
        assertSingle(compare("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", RECEIPT), "/result", "expected null");
    }

    @Test
    void arrayElementsAreComparedWithTheClosestDistinctShape() {
        String fixture = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"type\":\"0x0\",\"gasPrice\":\"0x1\"},"
                + "{\"type\":\"0x2\",\"maxFeePerGas\":\"0x1\"},{\"type\":\"0x2\",\"maxFeePerGas\":\"0x2\"}]}";
        assertEquals(
                List.of(),
                compare(
                        fixture,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"type\":\"0x2\","
                                + "\"maxFeePerGas\":\"0x7\"},{\"type\":\"0x0\",\"gasPrice\":\"0x9\"}]}"));
        assertEquals(List.of(), compare(fixture, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[]}"));
        // Closer to the dynamic-fee element (one difference) than to the legacy one (two).
        assertSingle(
                compare(fixture, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"type\":\"0x2\",\"maxFeePerGas\":7}]}"),
                "/result/0/maxFeePerGas",
                "expected string");
        assertSingle(
                compare(fixture, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[\"" + HASH + "\"]}"),
                "/result/0",
                "expected object");
    }

    @Test
    void errorsMustHaveTheFixturesCodeAndMembers() {
        String revert = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":3,\"message\":\"execution reverted\","
                + "\"data\":\"0x08c379a0\"}}";
        assertEquals(List.of(), compare(revert, revert.replace("execution reverted", "reverted: out of luck")));
        List<Violation> code = compare(revert, revert.replace("\"code\":3", "\"code\":-32000"));
        assertEquals(1, code.size(), code::toString);
        assertEquals(Violation.Category.ERROR_CODE, code.get(0).category());
        assertTrue(code.get(0).message().contains("expected error code 3"), code::toString);
        assertSingle(
                compare(revert, revert.replace(",\"data\":\"0x08c379a0\"", "")),
                "/error/data",
                "missing member \"data\"");
        assertSingle(compare(revert, RECEIPT), "", "the fixture has an error, we returned a result");
    }

    @Test
    void anOutcomeCountsWhatTheFixtureCouldNotVerify() {
        String empty = RECEIPT.replace("[{\"address\":\"" + ADDRESS + "\",\"removed\":false}]", "[]");
        ShapeComparator.Outcome againstEmpty = comparator.compare(fixture(empty), Map.of(), json(RECEIPT));
        assertEquals(List.of(), againstEmpty.violations());
        assertEquals(2, againstEmpty.unverified(), "the two scalars of our one log");
        // The fixture's empty log list and its null contract address say nothing about ours.
        String deployed = RECEIPT.replace("\"contractAddress\":null", "\"contractAddress\":\"" + ADDRESS + "\"");
        assertEquals(
                3, comparator.compare(fixture(empty), Map.of(), json(deployed)).unverified());
        ShapeComparator.Outcome againstFull = comparator.compare(fixture(RECEIPT), Map.of(), json(RECEIPT));
        assertEquals(0, againstFull.unverified());
        assertTrue(ShapeComparator.Outcome.RELEVANCE.compare(againstFull, againstEmpty) < 0);

        ShapeComparator.Outcome againstNull =
                comparator.compare(fixture("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}"), Map.of(), json(RECEIPT));
        assertTrue(againstNull.kindMismatch());
        assertTrue(ShapeComparator.Outcome.RELEVANCE.compare(againstEmpty, againstNull) < 0);
    }
}
