package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The whole check on the fixtures themselves and on responses derived from them. */
class ExecutionApisTest {

    private final ExecutionApis apis = ExecutionApis.shared();

    private Fixture fixture(String name) {
        return apis.fixtures().all().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fixture " + name));
    }

    private static ObjectNode copy(JsonNode node) {
        return (ObjectNode) node.deepCopy();
    }

    private CheckResult check(Fixture fixture, JsonNode response) {
        return apis.evaluate(fixture.method(), fixture.request(), response);
    }

    private static void assertHas(CheckResult result, Violation.Category category, String path, String fragment) {
        assertTrue(
                result.violations().stream()
                        .anyMatch(v -> v.category() == category
                                && v.path().equals(path)
                                && v.message().contains(fragment)),
                () -> "expected a " + category + " violation at " + path + " saying \"" + fragment + "\"; got\n"
                        + result.report());
    }

    @Test
    void everyFixtureConformsToItsOwnMethod() {
        Map<String, String> failures = new TreeMap<>();
        int checked = 0;
        for (Fixture fixture : apis.fixtures().all()) {
            CheckResult result = check(fixture, fixture.response());
            checked++;
            boolean documented = FixtureSchemaTest.RESULT_EXCEPTIONS.containsKey(fixture.name());
            boolean onlySchema = result.violations().stream().allMatch(v -> v.category() == Violation.Category.SCHEMA);
            if (!result.conforms() && !(documented && onlySchema)) {
                failures.put(fixture.name(), result.report());
            }
            assertTrue(result.comparison().startsWith("shape matches"), () -> fixture.name() + ": " + result.report());
        }
        System.out.println("fixtures checked against the specification and the fixtures: " + checked);
        assertEquals(Map.of(), failures);
    }

    @Test
    void hashesWhereFullTransactionsWereAskedForDoNotConform() {
        Fixture latest = fixture("eth_getBlockByNumber/get-latest");
        assertTrue(latest.params().get(1).asBoolean(), "the fixture asks for full transactions");
        ObjectNode response = copy(latest.response());
        ArrayNode transactions = (ArrayNode) response.get("result").get("transactions");
        for (int i = 0; i < transactions.size(); i++) {
            transactions.set(i, transactions.get(i).get("hash"));
        }

        CheckResult result = check(latest, response);

        assertHas(result, Violation.Category.SHAPE, "/result/transactions/0", "expected object");
        ObjectNode hashesRequest = copy(latest.request());
        ((ArrayNode) hashesRequest.get("params")).set(1, false);
        CheckResult asked = apis.evaluate("eth_getBlockByNumber", hashesRequest, response);
        assertTrue(asked.conforms(), asked::report);
        assertTrue(asked.comparison().contains("hydrated=false"), asked.comparison());
    }

    @Test
    void aHydratedBlockMayHoldEveryTransactionTypeTheTransactionFixturesShow() {
        Fixture latest = fixture("eth_getBlockByNumber/get-latest");
        JsonNode dynamicFee =
                fixture("eth_getTransactionByHash/get-dynamic-fee").response().get("result");
        ObjectNode response = copy(latest.response());
        ((ArrayNode) response.get("result").get("transactions")).set(1, dynamicFee.deepCopy());
        assertTrue(check(latest, response).conforms(), () -> check(latest, response)
                .report());

        ((ObjectNode) response.get("result").get("transactions").get(1)).put("maxFeePerGas", 1);
        CheckResult broken = check(latest, response);
        assertHas(broken, Violation.Category.SHAPE, "/result/transactions/1/maxFeePerGas", "expected string");
    }

    @Test
    void fieldsThisChainDoesNotHaveMayBeMissing() {
        Fixture cancun = fixture("eth_getBlockByNumber/get-block-cancun-fork");
        ObjectNode response = copy(cancun.response());
        ObjectNode block = (ObjectNode) response.get("result");
        block.remove(
                List.of("blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot", "withdrawals", "withdrawalsRoot"));
        assertTrue(check(cancun, response).conforms(), () -> check(cancun, response)
                .report());

        block.remove("gasUsed");
        CheckResult result = check(cancun, response);
        assertHas(result, Violation.Category.SCHEMA, "/result", "missing required property \"gasUsed\"");
        assertHas(result, Violation.Category.SHAPE, "/result/gasUsed", "missing member");
    }

    @Test
    void aMissingBlockIsNull() {
        Fixture latest = fixture("eth_getBlockByNumber/get-latest");
        ObjectNode response = copy(latest.response());
        response.putNull("result");
        CheckResult result = check(latest, response);
        assertTrue(result.conforms(), result::report);
        assertTrue(result.comparison().contains("get-block-notfound"), result.comparison());
    }

    @Test
    void theEnvelopeIsChecked() {
        Fixture chainId = fixture("eth_chainId/get-chain-id");
        ObjectNode response = copy(chainId.response());
        response.put("id", 2);
        response.remove("jsonrpc");
        response.putObject("error").put("code", -32000).put("message", "both");
        response.put("extra", true);

        CheckResult result = check(chainId, response);

        assertHas(result, Violation.Category.ENVELOPE, "/id", "expected the request's id 1, got 2");
        assertHas(result, Violation.Category.ENVELOPE, "/jsonrpc", "expected \"2.0\"");
        assertHas(result, Violation.Category.ENVELOPE, "", "exactly one of \"result\" and \"error\"");
        assertHas(result, Violation.Category.ENVELOPE, "/extra", "no member \"extra\"");
        CheckResult notJson = apis.evaluate("eth_chainId", chainId.request().toString(), "{\"jsonrpc\":");
        assertHas(notJson, Violation.Category.ENVELOPE, "", "the response is not JSON");
    }

    @Test
    void anErrorMustHaveTheCodeOfTheFixtureForARequestOfTheSameShape() {
        Fixture invalidKey = fixture("eth_getStorageAt/get-storage-invalid-key");
        ObjectNode request = copy(invalidKey.request());
        ((ArrayNode) request.get("params")).set(1, "0xnothex");
        ObjectNode response = copy(invalidKey.response());
        ((ObjectNode) response.get("error")).put("message", "storage key is not hex");
        assertTrue(apis.evaluate("eth_getStorageAt", request, response).conforms());

        ((ObjectNode) response.get("error")).put("code", -32000);
        CheckResult result = apis.evaluate("eth_getStorageAt", request, response);
        assertHas(result, Violation.Category.ERROR_CODE, "/error/code", "expected error code -32602");
    }

    @Test
    void anErrorCodeNobodyDeclaredIsAViolation() {
        Fixture chainId = fixture("eth_chainId/get-chain-id");
        ObjectNode response = copy(chainId.response());
        response.remove("result");
        response.putObject("error").put("code", 12345).put("message", "made up");
        CheckResult result = check(chainId, response);
        assertHas(result, Violation.Category.ERROR_CODE, "/error/code", "code 12345 is declared neither by");
        assertTrue(result.comparison().contains("schema only"), result.comparison());
    }

    @Test
    void anErrorsDataMustFitItsDeclaredSchema() {
        Fixture revert = fixture("eth_call/call-revert-abi-error");
        ObjectNode response = copy(revert.response());
        ((ObjectNode) response.get("error")).put("data", "not hex");
        CheckResult result = check(revert, response);
        assertHas(result, Violation.Category.SCHEMA, "/error/data", "does not match ^0x[0-9a-f]*$");
    }

    @Test
    void callerMistakesAreRefusedNotReported() {
        Fixture chainId = fixture("eth_chainId/get-chain-id");
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> apis.evaluate("web3_clientVersion", chainId.request(), chainId.response()));
        assertTrue(unknown.getMessage().contains("execution-apis does not specify web3_clientVersion"));
        assertThrows(
                IllegalArgumentException.class,
                () -> apis.evaluate("eth_blockNumber", chainId.request(), chainId.response()));
        assertThrows(
                IllegalArgumentException.class,
                () -> apis.evaluate(
                        "eth_chainId", "not json", chainId.response().toString()));
    }

    @Test
    void assertConformsFailsWithTheReport() {
        Fixture chainId = fixture("eth_chainId/get-chain-id");
        String request = chainId.request().toString();
        ExecutionApis.assertConforms("eth_chainId", request, chainId.response().toString());
        assertEquals(
                List.of(),
                ExecutionApis.check("eth_chainId", request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1f4a\"}"));

        AssertionError failure = assertThrows(
                AssertionError.class,
                () -> ExecutionApis.assertConforms(
                        "eth_chainId", request, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x01f4a\"}"));
        assertTrue(
                failure.getMessage().contains("SCHEMA at /result [#/components/schemas/uint/pattern]"),
                failure::getMessage);
        assertTrue(failure.getMessage().contains("got a quantity with leading zeros \"0x01f4a\""), failure::getMessage);
    }
}
