package io.lockstep.bench.load;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/**
 * One signing account of a write run. Its nonce is tracked here, so the next transaction goes out without
 * waiting for the previous one's receipt; only the lane that owns the sender changes it. {@link #pending}
 * counts what was sent and not yet seen in a block, and is lowered by the block watcher.
 */
final class Sender {

    private final int index;
    private final Credentials credentials;
    private final String address;
    private final AtomicInteger pending = new AtomicInteger();
    private long nonce;
    private long firstSignedNonce;
    private SignedTx[] signed = new SignedTx[0];

    Sender(int index, BigInteger privateKey) {
        this.index = index;
        this.credentials = Credentials.create(ECKeyPair.create(privateKey));
        this.address = credentials.getAddress().toLowerCase(java.util.Locale.ROOT);
    }

    int index() {
        return index;
    }

    Credentials credentials() {
        return credentials;
    }

    /** {@code 0x} and 40 lower-case hex digits. */
    String address() {
        return address;
    }

    AtomicInteger pending() {
        return pending;
    }

    long nonce() {
        return nonce;
    }

    void nonce(long next) {
        this.nonce = next;
    }

    /** Keeps transactions signed ahead for nonces {@code first, first + 1, ...}. */
    void presigned(long first, SignedTx[] transactions) {
        this.firstSignedNonce = first;
        this.signed = transactions.clone();
    }

    /** The transaction signed ahead for {@code nonce}, or null when there is none. */
    SignedTx presignedFor(long nonce) {
        long slot = nonce - firstSignedNonce;
        return slot >= 0 && slot < signed.length ? signed[(int) slot] : null;
    }

    /** Drops a transaction signed ahead once it was sent, so the run does not keep every one of them. */
    void release(long nonce) {
        long slot = nonce - firstSignedNonce;
        if (slot >= 0 && slot < signed.length) {
            signed[(int) slot] = null;
        }
    }
}
