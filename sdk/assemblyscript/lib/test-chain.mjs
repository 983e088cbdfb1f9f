// A small in-process chain for contract tests: runs a built contract's `call` export (and its `deploy`
// export, the constructor) with the lockstep imports backed by a JavaScript map, so a contract can be
// tested in Node.js without the Java VM. It follows the host ABI's semantics (fresh instance per call,
// storage and logs kept only on success, reverts carrying their data) but not its fuel, limits or
// WASI-NN; the VM is the reference.

import { readFileSync } from "node:fs";

class Revert extends Error {
  constructor(data) {
    super("revert");
    this.data = data;
  }
}

const hex = (bytes) => Buffer.from(bytes).toString("hex");

/** The chain's error for a deploy with constructor input and no constructor to take it. */
export const NO_DEPLOY_EXPORT = "constructor arguments given but the module has no deploy export";

export class TestChain {
  /** `wasm`: a .wasm file's path or the module's bytes. A module with a constructor waits for deploy(). */
  constructor(wasm) {
    this.module = new WebAssembly.Module(typeof wasm === "string" ? readFileSync(wasm) : wasm);
    this.hasConstructor = WebAssembly.Module.exports(this.module).some((e) => e.name === "deploy" && e.kind === "function");
    this.deployed = !this.hasConstructor;
    this.storage = new Map();
    this.caller = new Uint8Array(20).fill(0xca);
    this.self = new Uint8Array(20).fill(0x5e);
    this.value = new Uint8Array(32);
    this.blockHeight = 7n;
    this.blockTime = 1_700_000_000n;
  }

  /**
   * Runs the constructor (the `deploy` export) once with `args`, the constructor input (the bytes a
   * deploy carries after the module), as its input; caller and value are the chain's. Returns call()'s
   * result shape; after a revert the contract stays undeployed and deploy() may be tried again. Throws,
   * as the chain refuses the deploy, when `args` is not empty and the module has no constructor.
   */
  deploy(args = new Uint8Array(0)) {
    if (this.deployed && this.hasConstructor) throw new Error("the constructor has already run");
    if (!this.hasConstructor) {
      if (args.length > 0) throw new Error(NO_DEPLOY_EXPORT);
      return { status: "success", returnData: new Uint8Array(0), logs: [] };
    }
    const result = this.#run("deploy", args);
    if (result.status === "success") this.deployed = true;
    return result;
  }

  /** Runs one call; returns { status: "success", returnData, logs } or { status: "reverted", reason }. */
  call(input) {
    if (!this.deployed) throw new Error("the module has a constructor (a deploy export): run deploy(args) first");
    return this.#run("call", input);
  }

  #run(entryPoint, input) {
    const writes = new Map(this.storage);
    const logs = [];
    let returnData = new Uint8Array(0);
    let memory;
    const bytes = (ptr, len) => new Uint8Array(memory.buffer, ptr >>> 0, len >>> 0).slice();
    const put = (ptr, data) => new Uint8Array(memory.buffer).set(data, ptr >>> 0);
    const lockstep = {
      storage_read(kp, kl, op, cap) {
        const v = writes.get(hex(bytes(kp, kl)));
        if (v === undefined) return -1;
        put(op, v.subarray(0, Math.min(v.length, cap >>> 0)));
        return v.length;
      },
      storage_write(kp, kl, vp, vl) { writes.set(hex(bytes(kp, kl)), bytes(vp, vl)); },
      storage_remove(kp, kl) { writes.delete(hex(bytes(kp, kl))); },
      input_size: () => input.length,
      input_copy(op, off, len) { put(op, input.subarray(off, off + len)); },
      set_return(p, l) { returnData = bytes(p, l); },
      caller: (p) => put(p, this.caller),
      self_address: (p) => put(p, this.self),
      value: (p) => put(p, this.value),
      block_height: () => this.blockHeight,
      block_time: () => this.blockTime,
      emit_log(tp, tc, dp, dl) {
        const topics = [];
        for (let i = 0; i < tc; i++) topics.push(bytes(tp + 32 * i, 32));
        logs.push({ topics, data: bytes(dp, dl) });
      },
      revert(p, l) { throw new Revert(bytes(p, l)); },
      fuel_left: () => 1_000_000n,
    };
    const instance = new WebAssembly.Instance(this.module, { lockstep });
    memory = instance.exports.memory;
    try {
      instance.exports[entryPoint]();
    } catch (e) {
      if (e instanceof Revert) return { status: "reverted", reason: e.data };
      throw e;
    }
    this.storage = writes;
    return { status: "success", returnData, logs };
  }
}
