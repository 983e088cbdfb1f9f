// The counter on the real VM through VmChain (lockstep contract local): its constructor, state across
// calls, fuel, the Incremented log, a revert that keeps storage, out of fuel, and the block context.
// Skips without Java.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { AbiCoder, Interface, getBytes, id, toUtf8Bytes, zeroPadValue, hexlify } from "ethers";
import { buildContract } from "../bin/lockstep-contract-build.mjs";
import { VmChain, vmChainUnavailable } from "../lib/vm-chain.mjs";

const COUNTER = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "examples", "counter");
const unavailable = vmChainUnavailable();
if (unavailable) console.log(`skipping the VmChain tests: ${unavailable}`);

let iface;
let chain;
let counter;
let wasm;

before(async () => {
  if (unavailable) return;
  const built = await buildContract(COUNTER);
  iface = new Interface(JSON.parse(readFileSync(built.abi, "utf8")));
  chain = await VmChain.start();
  wasm = built.wasm;
  counter = await chain.deploy(wasm, getBytes(iface.encodeDeploy([10n]))); // the starting count
});

after(async () => {
  if (chain) await chain.close();
});

const encode = (name, args = []) => getBytes(iface.encodeFunctionData(name, args));

test("increments persist, cost fuel and log on the real VM", { skip: unavailable ?? false }, async () => {
  assert.match(counter.address, /^0x[0-9a-f]{40}$/);
  assert.ok(counter.instrumentedSize > counter.size);

  const first = await chain.call(counter.address, encode("increment", [2n]));
  assert.equal(first.status, "success");
  assert.ok(first.fuelUsed > BigInt(counter.instantiationFuel), `fuel ${first.fuelUsed}`);
  const caller = new Uint8Array(20).fill(0x11);
  const second = await chain.call(counter.address, encode("increment", [3n]), { caller });
  assert.equal(iface.decodeFunctionResult("increment", second.returnData)[0], 15n);
  assert.equal(second.logs.length, 1);
  assert.equal(hexlify(second.logs[0].topics[0]), id("Incremented(address,uint256)"));
  assert.equal(hexlify(second.logs[0].topics[1]), zeroPadValue(hexlify(caller), 32));

  const get = await chain.call(counter.address, encode("get"));
  assert.equal(iface.decodeFunctionResult("get", get.returnData)[0], 15n);
  const count = await chain.storage(counter.address, new Uint8Array([0, ...toUtf8Bytes("count")]));
  assert.equal(BigInt(hexlify(count)), 15n, "the count is a big-endian U256 under 0x00 ‖ count");
});

test("the constructor runs at deploy on the real VM and refuses a deploy without its argument", { skip: unavailable ?? false }, async () => {
  // Deploy data as a wallet sends it: the module, then the constructor's argument.
  const fresh = await chain.deploy(new Uint8Array([...readFileSync(wasm), ...getBytes(iface.encodeDeploy([7n]))]));
  assert.equal(fresh.size, readFileSync(wasm).length, "the code is the module, without the argument");
  const get = await chain.call(fresh.address, encode("get"));
  assert.equal(iface.decodeFunctionResult("get", get.returnData)[0], 7n);
  await assert.rejects(chain.deploy(wasm), /the constructor of 0x[0-9a-f]{40} failed: reverted/);
  await assert.rejects(chain.deploy(wasm, new Uint8Array(31)), /the constructor of 0x[0-9a-f]{40} failed: reverted/);
});

test("a revert carries its reason and keeps storage; fuel runs out", { skip: unavailable ?? false }, async () => {
  const before = await chain.call(counter.address, encode("get"));
  const reverted = await chain.call(counter.address, encode("increment", [0n]));
  assert.equal(reverted.status, "reverted");
  assert.equal(AbiCoder.defaultAbiCoder().decode(["string"], reverted.reason.subarray(4))[0], "increment must be positive");
  assert.equal(reverted.message, "reverted: increment must be positive");
  const after = await chain.call(counter.address, encode("get"));
  assert.deepEqual(after.returnData, before.returnData);

  const starved = await chain.call(counter.address, encode("increment", [1n]), { fuel: 1000n });
  assert.equal(starved.status, "out_of_fuel");
  assert.equal(starved.fuelUsed, 1000n);
  assert.deepEqual((await chain.call(counter.address, encode("get"))).returnData, before.returnData);
});

test("requests the server cannot answer reject with its message", { skip: unavailable ?? false }, async () => {
  const block = await chain.setBlock(10, 1_800_000_000);
  assert.deepEqual([block.height, block.time], [10, 1_800_000_000]);
  await assert.rejects(chain.call("0x" + "00".repeat(20), new Uint8Array()), /no contract at/);
  await assert.rejects(chain.deploy(new Uint8Array([0, 0x61, 0x73, 0x6d])), /rejected/);
});
