// The counter example through the test host: its constructor sets the starting count, storage keys are
// namespaced as documented, state persists across calls, and a revert leaves storage unchanged.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { AbiCoder, Interface, getBytes, hexlify, toUtf8Bytes } from "ethers";
import { buildContract } from "../bin/lockstep-contract-build.mjs";
import { TestChain } from "../lib/test-chain.mjs";

const COUNTER = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples", "counter");
let iface;
let chain;

before(async () => {
  const built = await buildContract(COUNTER);
  iface = new Interface(JSON.parse(readFileSync(built.abi, "utf8")));
  chain = new TestChain(built.wasm);
  assert.equal(chain.deploy(getBytes(iface.encodeDeploy([10n]))).status, "success");
});

const run = (name, args = []) => chain.call(getBytes(iface.encodeFunctionData(name, args)));

test("increments persist and storage keys are namespaced", () => {
  assert.equal(run("increment", [2n]).status, "success");
  const second = run("increment", [3n]);
  assert.equal(iface.decodeFunctionResult("increment", second.returnData)[0], 15n);
  assert.equal(iface.decodeFunctionResult("get", run("get").returnData)[0], 15n);

  const key = (...parts) => hexlify(new Uint8Array(parts.flatMap((p) => Array.from(p)))).slice(2);
  const keys = [...chain.storage.keys()].sort();
  assert.deepEqual(keys, [
    key([0x00], toUtf8Bytes("count")),
    key([0x00], toUtf8Bytes("lastCaller")),
    key([0x01, 9], toUtf8Bytes("perCaller"), chain.caller),
  ].sort());
  const perCaller = chain.storage.get(key([0x01, 9], toUtf8Bytes("perCaller"), chain.caller));
  assert.deepEqual(Array.from(perCaller), [2, 0, 0, 0, 0, 0, 0, 0]);
});

test("a zero increment reverts with its reason and writes nothing", () => {
  const before = new Map(chain.storage);
  const result = run("increment", [0n]);
  assert.equal(result.status, "reverted");
  assert.equal(AbiCoder.defaultAbiCoder().decode(["string"], result.reason.subarray(4))[0], "increment must be positive");
  assert.deepEqual(chain.storage, before);
});
