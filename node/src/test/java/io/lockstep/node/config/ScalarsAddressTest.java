package io.lockstep.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.core.chain.Address;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/** How a configuration file's address is read: the chain's {@link Address}, with the EIP-55 check on top. */
class ScalarsAddressTest {

    private static final String CHECKSUMMED = "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69";
    private static final String LOWER = CHECKSUMMED.toLowerCase(Locale.ROOT);

    @Test
    void oneCaseOrACorrectChecksumReadsAsTheSameAddress() {
        Address expected = Address.fromHex(LOWER);

        assertEquals(expected, Scalars.address(LOWER));
        assertEquals(expected, Scalars.address(CHECKSUMMED));
        assertEquals(expected, Scalars.address("0x" + LOWER.substring(2).toUpperCase(Locale.ROOT)));
        assertEquals(expected, Scalars.address("0X" + LOWER.substring(2)));
    }

    @Test
    void aWrongChecksumIsRefusedWithTheFormItShouldHave() {
        String typo = "0x6813eb9362372EEF6200f3b1dbC3f819671cBA69";

        ConfigException e = assertThrows(ConfigException.class, () -> Scalars.address(typo));

        assertEquals(
                "address " + typo + " has a wrong EIP-55 checksum (mixed case must read " + CHECKSUMMED
                        + "); check for a typo, or write it in lower case",
                e.getMessage());
    }

    @Test
    void anythingButZeroXAndFortyAsciiHexDigitsIsRefused() {
        String[] bad = {
            LOWER.substring(2),
            LOWER.substring(0, 41),
            LOWER + "0",
            LOWER.substring(0, 41) + "g",
            // ARABIC-INDIC DIGIT ONE: a digit to Character.digit, but not hex.
            LOWER.substring(0, 41) + "\u0661",
            "",
        };
        for (String text : bad) {
            ConfigException e = assertThrows(ConfigException.class, () -> Scalars.address(text), text);
            assertEquals("not an address: expected 0x and 40 hex digits, got '" + text + "'", e.getMessage());
        }
    }

    @Test
    void theChecksummedFormReadsBackAndIsWeb3jsForm() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[Address.LENGTH];
            random.nextBytes(bytes);
            Address address = Address.of(bytes);

            String written = address.toChecksumHex();

            assertEquals(Keys.toChecksumAddress(address.toHex()), written, () -> "seed " + seed);
            assertEquals(address, Scalars.address(written), () -> "seed " + seed);
        }
    }
}
