package io.lockstep.node.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.node.rpc.RpcConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Host allow-list: how names, ports and addresses are compared, and what a missing Host means. */
class HostPolicyTest {

    private static final HostPolicy LOOPBACK_NAMES = new HostPolicy(RpcConfig.DEFAULT_ALLOWED_HOSTS);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "localhost:8545",
                "LocalHost:1",
                "localhost.",
                "127.0.0.1",
                "127.0.0.1:8545",
                "[::1]",
                "[::1]:8545",
                "[0:0:0:0:0:0:0:1]:80",
                " localhost:8545 "
            })
    void theLoopbackNamesAreAllowedWithAnyPort(String host) {
        assertTrue(LOOPBACK_NAMES.allows(List.of(host), false), host);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil.example",
                "evil.example:8545",
                "localhost.evil.example",
                "127.0.0.1.nip.io",
                "127.0.0.2",
                "127.1",
                "0.0.0.0",
                "::1",
                "[::1",
                "[::2]:8545",
                "localhost:",
                "localhost:http",
                "localhost:8545:1",
                "[::1]x",
                "",
                "local host",
                "user@localhost"
            })
    void otherNamesAndMalformedHostsAreRefused(String host) {
        assertFalse(LOOPBACK_NAMES.allows(List.of(host), true), host);
    }

    @Test
    void twoHostHeadersAreRefusedEvenWhenBothAreAllowed() {
        assertFalse(LOOPBACK_NAMES.allows(List.of("localhost", "localhost"), true));
    }

    @Test
    void aRequestWithoutHostIsServedOnLoopbackOnlyWhateverTheList() {
        assertTrue(LOOPBACK_NAMES.allows(List.of(), true));
        assertFalse(LOOPBACK_NAMES.allows(List.of(), false));
        HostPolicy any = new HostPolicy(List.of("*"));
        assertFalse(any.allows(List.of(), false));
        assertTrue(any.allows(List.of("anything.example:1"), false));
        assertTrue(any.allows(List.of("not a host"), false), "* turns the check off");
    }

    @Test
    void configuredNamesAndAddressesAreComparedInOneForm() {
        HostPolicy policy = new HostPolicy(List.of("Node.Example.", "192.168.1.20", "[FE80::1]", "::ffff:10.0.0.1"));
        assertTrue(policy.allows(List.of("node.example:8545"), false));
        assertTrue(policy.allows(List.of("NODE.EXAMPLE"), false));
        assertTrue(policy.allows(List.of("192.168.1.20:8545"), false));
        assertTrue(policy.allows(List.of("[fe80:0:0:0:0:0:0:1]:8545"), false));
        assertTrue(policy.allows(List.of("10.0.0.1"), false), "an IPv4-mapped address is the IPv4 address");
        assertFalse(policy.allows(List.of("localhost"), true), "only what is listed");
        assertFalse(policy.allows(List.of("192.168.1.2"), false));
    }

    @Test
    void hostNamesAreNormalizedWithoutAnyLookup() {
        assertEquals(Optional.of("node.example"), HostPolicy.hostName("NODE.example."));
        assertEquals(Optional.of("0:0:0:0:0:0:0:1"), HostPolicy.hostName("[::1]"));
        assertEquals(Optional.of("0:0:0:0:0:0:0:1"), HostPolicy.hostName("::1"));
        assertEquals(Optional.empty(), HostPolicy.hostName("abc:8545"), "a name with a port is not an address");
        assertEquals(Optional.empty(), HostPolicy.hostName("[::1"));
        assertEquals(Optional.empty(), HostPolicy.hostName("a..b"));
        assertThrows(IllegalArgumentException.class, () -> new HostPolicy(List.of("localhost:8545")));
    }
}
