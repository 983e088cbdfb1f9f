package io.lockstep.node.rpc;

import java.math.BigInteger;

/** Which block a read refers to: a named position of the chain or a block number. */
public sealed interface BlockTag permits BlockTag.Named, BlockTag.Number {

    /** The wire form: the tag's name or the number as a quantity. */
    String wire();

    /** Parses {@code latest}, {@code earliest}, {@code pending}, {@code safe}, {@code finalized} or a quantity. */
    static BlockTag parse(String text) {
        if (text.startsWith("0x")) {
            BigInteger number = Hex.parseQuantity(text);
            if (number.bitLength() > 63) {
                throw new IllegalArgumentException("block number exceeds 2^63-1");
            }
            return new Number(number.longValue());
        }
        for (Named named : Named.values()) {
            if (named.wire().equals(text)) {
                return named;
            }
        }
        throw new IllegalArgumentException("not a block number or one of latest, earliest, pending, safe, finalized");
    }

    /** The named positions; what each resolves to is the chain's to say. */
    enum Named implements BlockTag {
        LATEST("latest"),
        EARLIEST("earliest"),
        PENDING("pending"),
        SAFE("safe"),
        FINALIZED("finalized");

        private final String wire;

        Named(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }
    }

    /** A block by its number (height). */
    record Number(long number) implements BlockTag {
        public Number {
            if (number < 0) {
                throw new IllegalArgumentException("a block number is not negative, got " + number);
            }
        }

        @Override
        public String wire() {
            return Hex.quantity(number);
        }
    }
}
