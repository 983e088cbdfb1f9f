package io.lockstep.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.chain.Address;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

class DevAccountsTest {

    /** Account 0, fixed: scripts and other tools hard-code it, so it must never change. */
    private static final String FIRST_ADDRESS = "0xCEe42A94dfC012717E33A5ac3745f94b754BB206";

    private static final String FIRST_KEY = "0xa73dab2216bb3e58d9cb89aaf7301feb3c51dd09b22529f9875fe7f803d9118f";

    @Test
    void theFirstAccountIsAGoldenVector() {
        DevAccount first = DevAccounts.generate(1).accounts().get(0);

        assertEquals(0, first.index());
        assertEquals(FIRST_ADDRESS, first.address().toChecksumHex());
        assertEquals(FIRST_KEY, first.privateKeyHex());
        assertEquals(
                FIRST_ADDRESS,
                Keys.toChecksumAddress(Credentials.create(FIRST_KEY).getAddress()),
                "the address is the one Web3j derives from the key");
    }

    @Test
    void everyAccountsAddressIsWeb3jsForItsKey() {
        for (DevAccount account :
                DevAccounts.generate(DevAccounts.DEFAULT_COUNT).accounts()) {
            assertEquals(
                    Keys.toChecksumAddress(
                            Credentials.create(account.privateKeyHex()).getAddress()),
                    account.address().toChecksumHex(),
                    () -> "account " + account.index());
            assertEquals(account.credentials().getAddress(), account.address().toHex());
        }
    }

    @Test
    void theDerivationIsTheDocumentedOne() {
        // keccak256 of "lockstep dev account 0" and "... 1", computed once outside Java; then mod (n - 1) + 1.
        BigInteger[] digests = {
            new BigInteger("a73dab2216bb3e58d9cb89aaf7301feb3c51dd09b22529f9875fe7f803d9118e", 16),
            new BigInteger("d2af51bbb71ebe61e477ff4bfd5df54d97f36166386c55807797eb6de1b9acbf", 16)
        };
        BigInteger modulus = ValidatorKey.CURVE_ORDER.subtract(BigInteger.ONE);

        for (int i = 0; i < digests.length; i++) {
            assertEquals(digests[i].mod(modulus).add(BigInteger.ONE), DevAccounts.privateKey(i), "account " + i);
        }
    }

    @Test
    void accountsAreTheSameOnEveryCallAndDistinct() {
        DevAccounts ten = DevAccounts.generate(10);

        assertEquals(ten.accounts(), DevAccounts.generate(10).accounts());
        assertEquals(ten.accounts().subList(0, 3), DevAccounts.generate(3).accounts(), "a prefix of a longer list");
        Set<Address> addresses = new HashSet<>();
        for (DevAccount account : ten.accounts()) {
            assertTrue(addresses.add(account.address()), account::toString);
            assertEquals(new BigInteger("10000000000000000000000"), account.balance());
        }
        assertEquals(List.of(), DevAccounts.generate(0).accounts());
    }

    @Test
    void countsOutOfRangeAreRefused() {
        assertEquals(
                "count: must be between 0 and 1000, was 1001",
                assertThrows(ConfigException.class, () -> DevAccounts.generate(1001))
                        .getMessage());
        assertEquals(
                "count: must be between 0 and 1000, was -1",
                assertThrows(ConfigException.class, () -> DevAccounts.generate(-1))
                        .getMessage());
    }

    @Test
    void theDevGenesisFundsTheAccountsInOrderWithOneValidator() {
        DevAccounts accounts = DevAccounts.generate(3);
        Address validator = ValidatorKey.of(BigInteger.ONE).address();

        Genesis genesis = accounts.genesis(ChainSpec.DEV_CHAIN_ID, 1_735_689_600, validator);

        assertEquals(1337, genesis.chainId());
        assertEquals(
                accounts.accounts().stream().map(DevAccount::address).toList(),
                genesis.alloc().stream().map(Genesis.Allocation::address).toList());
        assertEquals(new BigInteger("30000000000000000000000"), genesis.totalSupply());
        assertEquals(List.of(new Genesis.Validator(validator, 1)), genesis.validators());
        assertEquals(Genesis.Vm.DEFAULT, genesis.vm());
        assertEquals(genesis, GenesisFile.parse(GenesisFile.toYaml(genesis)));
    }

    @Test
    void renderWarnsThenListsAddressesBalancesAndKeys() {
        DevAccounts accounts = DevAccounts.generate(2, new BigInteger("1500000000000000000"));

        String text = accounts.render();

        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("WARNING: these accounts' private keys are published"), text);
        assertTrue(lines.get(1).contains("never with real funds"), text);
        assertTrue(text.contains("(0) " + FIRST_ADDRESS + " (1.5 ether)\n"), text);
        assertTrue(
                text.contains("(1) " + accounts.accounts().get(1).address().toChecksumHex() + " (1.5 ether)\n"), text);
        assertTrue(text.contains("(0) " + FIRST_KEY + "\n"), text);
        assertTrue(text.contains("(1) " + accounts.accounts().get(1).privateKeyHex() + "\n"), text);
        assertTrue(text.indexOf(FIRST_ADDRESS) < text.indexOf(FIRST_KEY), "accounts first, then keys");
        assertEquals("10000", DevAccounts.ether(DevAccounts.DEFAULT_BALANCE));
        assertEquals("0.000000000000000001", DevAccounts.ether(BigInteger.ONE));
    }
}
