package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FixturesTest {

    @Test
    void aFileSplitsIntoExchangesWithTheHeaderCommentAndTheSpecOnlyMark() {
        String text =
                """
                // checks that two requests get two answers
                // speconly: client response is only checked for schema validity.
                >> {"jsonrpc":"2.0","id":1,"method":"eth_estimateGas","params":[{"to":"0x01"}]}
                << {"jsonrpc":"2.0","id":1,"result":"0x5208"}

                // a comment between exchanges is not part of the description
                >> {"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"}
                << {"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"no"}}
                --
                assert(messages.length == 4)
                """;
        List<Fixture> fixtures = Fixtures.parse("eth_estimateGas/two", text);

        assertEquals(2, fixtures.size());
        Fixture first = fixtures.get(0);
        assertEquals("eth_estimateGas/two#1", first.name());
        assertEquals("eth_estimateGas", first.method());
        assertEquals(
                "checks that two requests get two answers\n"
                        + "speconly: client response is only checked for schema validity.\n",
                first.comment());
        assertTrue(first.specOnly());
        assertFalse(first.isError());
        assertEquals("0x5208", first.response().get("result").asText());
        assertEquals("{\"to\":\"0x01\"}", first.params().get(0).toString());
        Fixture second = fixtures.get(1);
        assertEquals("eth_estimateGas/two#2", second.name());
        assertEquals("eth_blockNumber", second.method(), "the request names the method, not the directory");
        assertTrue(second.isError());
        assertEquals(0, second.params().size());
    }

    @Test
    void aSingleExchangeIsNamedAfterItsFile() {
        List<Fixture> fixtures = Fixtures.parse(
                "eth_chainId/get-chain-id",
                ">> {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}\n<< {\"jsonrpc\":\"2.0\",\"id\":1,"
                        + "\"result\":\"0x1\"}\n");
        assertEquals(1, fixtures.size());
        assertEquals("eth_chainId/get-chain-id", fixtures.get(0).name());
        assertFalse(fixtures.get(0).specOnly());
        assertEquals("", fixtures.get(0).comment());
    }

    @Test
    void malformedFilesAreRefusedWithTheLine() {
        assertRefused("// c\n>> {\"id\":1}\n>> {\"id\":2}\n<< {\"id\":2}\n", "line 3: a request follows a request");
        assertRefused("<< {\"id\":1}\n", "line 1: a response without a request");
        assertRefused(">> {\"id\":1}\n", "the last request has no response");
        assertRefused(">> {\"id\":1}\n<< {\"id\":\n", "line 2: invalid JSON");
        assertRefused(">> [{\"id\":1}]\n<< {\"id\":1}\n", "line 1: a message that is not a JSON object");
        assertRefused(">> {\"id\":1}\n<< {\"id\":1}\nsomething else\n", "line 3: neither //, >>, << nor --");
        assertRefused("// only a comment\n", "no exchange");
    }

    private static void assertRefused(String text, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixtures.parse("m/bad", text));
        assertTrue(e.getMessage().startsWith("m/bad.io "), e::getMessage);
        assertTrue(e.getMessage().contains(fragment), e::getMessage);
    }

    @Test
    void everyExecutionApisFixtureParses() {
        Fixtures fixtures = ExecutionApis.shared().fixtures();
        long errors = fixtures.all().stream().filter(Fixture::isError).count();
        System.out.printf(
                "execution-apis fixtures: %d exchanges (%d errors) for %d methods%n",
                fixtures.all().size(), errors, fixtures.methods().size());
        assertTrue(
                fixtures.all().size() > 100,
                "expected the full fixture set, found " + fixtures.all().size());
        for (Fixture fixture : fixtures.all()) {
            assertTrue(fixture.response().has("result") != fixture.response().has("error"), fixture::name);
            assertEquals(fixture.request().get("id"), fixture.response().get("id"), fixture::name);
        }
        assertTrue(fixtures.of("eth_getBlockByNumber").size() >= 5);
        assertEquals(List.of(), fixtures.of("web3_clientVersion"));
    }
}
