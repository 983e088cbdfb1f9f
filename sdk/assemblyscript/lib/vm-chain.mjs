// A chain in memory on the real contract VM, for contract tests: spawns `lockstep contract local` (a
// JSON-lines server over the VM's LocalChain) and talks to it. Unlike TestChain it meters fuel, runs
// every call on both of the VM's engines (which must agree), enforces the VM's limits and serves
// WASI-NN from models registered by name. It needs Java (and, on first use, Maven to build the node).
//
//   const chain = await VmChain.start();
//   const { address } = await chain.deploy("build/counter.wasm", constructorArgs);
//   const result = await chain.call(address, calldata, { fuel: 5_000_000n });
//   await chain.close();

import { spawn, spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

const toHex = (bytes) => "0x" + Buffer.from(bytes ?? []).toString("hex");
const fromHex = (hex) => new Uint8Array(Buffer.from(hex.replace(/^0x/, ""), "hex"));

/** Why VmChain cannot run here (no Java), or null when it can. */
export function vmChainUnavailable() {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
  const probe = spawnSync(java, ["-version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) {
    return `Java was not found (${java}); VmChain runs the contract VM with ./lockstep contract local, which needs a JDK 17 or newer`;
  }
  return null;
}

export class VmChain {
  /**
   * Starts `<repository>/lockstep contract local [--engine ENGINE]` (or the executable named by the
   * environment variable LOCKSTEP_CLI, which takes the same arguments: the project's own tests point it
   * at the node they have just built); its stderr (build progress, logs) is passed through.
   */
  static async start({ lockstep = process.env.LOCKSTEP_CLI || join(REPOSITORY, "lockstep"), engine } = {}) {
    const args = ["contract", "local"];
    if (engine) args.push("--engine", engine);
    return new VmChain(spawn(lockstep, args, { stdio: ["pipe", "pipe", "inherit"] }));
  }

  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.exited = null;
    createInterface({ input: child.stdout }).on("line", (line) => this.#answer(line));
    const fail = (why) => {
      this.exited = why;
      for (const { reject } of this.pending.values()) reject(new Error(why));
      this.pending.clear();
    };
    child.on("error", (e) => fail(`lockstep contract local could not start: ${e.message}`));
    child.on("exit", (code, signal) => fail(`lockstep contract local exited (${signal ?? `status ${code}`}); see its stderr`));
  }

  #answer(line) {
    let response;
    try {
      response = JSON.parse(line);
    } catch {
      return; // not ours: the server prints nothing but responses
    }
    const waiting = this.pending.get(response.id);
    if (!waiting) return;
    this.pending.delete(response.id);
    if ("error" in response) waiting.reject(new Error(response.error));
    else waiting.resolve(response);
  }

  /** Sends one request and resolves with its response; rejects with the server's error message. */
  request(method, params = {}) {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject });
      this.child.stdin.write(JSON.stringify({ id, method, ...params }) + "\n");
    });
  }

  /**
   * Deploys a .wasm file (a path) or module bytes, running its constructor with `args` (the ABI-encoded
   * constructor arguments, bytes) if given; resolves with { address, codeHash, size, instrumentedSize,
   * instantiationFuel }. A failing constructor rejects with the server's message.
   */
  async deploy(wasm, args) {
    const params = typeof wasm === "string" ? { wasm: resolve(wasm) } : { code: toHex(wasm) };
    if (args !== undefined) params.args = toHex(args);
    return this.request("deploy", params);
  }

  /** Registers an ONNX file under a name for WASI-NN's load_by_name; resolves with its 0x SHA-256. */
  async registerModel(name, onnxPath) {
    return (await this.request("registerModel", { name, onnx: resolve(onnxPath) })).hash;
  }

  /** Sets the block height and time (seconds) the next calls see. */
  async setBlock(height, time) {
    const params = {};
    if (height !== undefined) params.height = Number(height);
    if (time !== undefined) params.time = Number(time);
    return this.request("setBlock", params);
  }

  /**
   * Calls a contract. Resolves with TestChain's shape, { status: "success", returnData, logs } or
   * { status: "reverted", reason }, plus fuelUsed (a bigint) and, unless success, message;
   * out_of_fuel and trapped are statuses too. opts: caller (20 bytes or hex), value (bigint or
   * 32 bytes), fuel (default 10^9).
   */
  async call(address, input, { caller, value, fuel } = {}) {
    const params = { to: address, data: toHex(input) };
    if (caller !== undefined) params.caller = typeof caller === "string" ? caller : toHex(caller);
    if (value !== undefined) params.value = typeof value === "bigint" ? value.toString() : toHex(value);
    if (fuel !== undefined) params.fuel = Number(fuel);
    const r = await this.request("call", params);
    const result = { status: r.status, fuelUsed: BigInt(r.fuelUsed) };
    if (r.status === "success") {
      result.returnData = fromHex(r.returnData);
      result.logs = r.logs.map((log) => ({ topics: log.topics.map(fromHex), data: fromHex(log.data) }));
    } else {
      if (r.revertData !== undefined) result.reason = fromHex(r.revertData);
      if (r.trap !== undefined) result.trap = r.trap;
      result.message = r.message;
    }
    return result;
  }

  /** The value under a storage key (bytes or hex) of a contract, or null. */
  async storage(address, key) {
    const { value } = await this.request("storage", { address, key: typeof key === "string" ? key : toHex(key) });
    return value === null ? null : fromHex(value);
  }

  /** Ends the server (closing its stdin) and waits for it. */
  async close() {
    if (this.exited) return;
    const done = new Promise((r) => this.child.once("exit", r));
    this.child.stdin.end();
    await done;
  }
}
