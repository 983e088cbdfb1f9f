package io.lockstep.node.state;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import java.nio.charset.StandardCharsets;

/**
 * The layout of the chain state in the authenticated tree: every key starts with a one-byte space tag,
 * so that no key of one kind can equal a key of another. Part of the chain's rules (docs/spec/state.md,
 * "Layout"): changing a tag changes every state root.
 */
public final class StateKeys {

    /** {@code 0x01 ‖ address} → {@link Account} encoding. */
    public static final byte ACCOUNT = 0x01;
    /** {@code 0x02 ‖ address ‖ key} → the value a contract stored under {@code key}. */
    public static final byte STORAGE = 0x02;
    /** {@code 0x03 ‖ code hash} → the wasm module as deployed. */
    public static final byte CODE = 0x03;
    /** {@code 0x04 ‖ model hash} → the ONNX model's bytes. */
    public static final byte MODEL = 0x04;
    /** {@code 0x05 ‖ model hash} → {@link ModelRecord} encoding. */
    public static final byte MODEL_RECORD = 0x05;
    /** {@code 0x06 ‖ UTF-8 name} → the model hash the name points at. */
    public static final byte MODEL_NAME = 0x06;

    private StateKeys() {}

    public static byte[] account(Address address) {
        return tagged(ACCOUNT, address.bytes());
    }

    public static byte[] storage(Address contract, byte[] key) {
        byte[] address = contract.bytes();
        byte[] out = new byte[1 + address.length + key.length];
        out[0] = STORAGE;
        System.arraycopy(address, 0, out, 1, address.length);
        System.arraycopy(key, 0, out, 1 + address.length, key.length);
        return out;
    }

    public static byte[] code(Hash32 codeHash) {
        return tagged(CODE, codeHash.bytes());
    }

    public static byte[] model(Hash32 modelHash) {
        return tagged(MODEL, modelHash.bytes());
    }

    public static byte[] modelRecord(Hash32 modelHash) {
        return tagged(MODEL_RECORD, modelHash.bytes());
    }

    public static byte[] modelName(String name) {
        return tagged(MODEL_NAME, name.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[1 + body.length];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
