// The constructor checks both SDKs must pass, on TestChain: a fixture whose payable constructor takes
// (uint8 small, uint256 big, address owner, string label, uint32[][] grid) and stores them
// (test/fixtures/constructor here, sdk/rust/fixtures/constructor), the counter example with its
// nonpayable constructor(uint256), a contract with no constructor and one whose constructor takes no
// arguments. Deploy data comes from ethers' ContractFactory, as a wallet would build it. Each SDK words
// its revert reasons its own way; `reasons` gives them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { AbiCoder, ContractFactory, Interface, getBytes, hexlify } from "ethers";
import { TestChain, NO_DEPLOY_EXPORT } from "../lib/test-chain.mjs";
import { END_MARKER, END_SECTION_NAME, sections, splitDeployData } from "../lib/wasm-sections.mjs";

const coder = AbiCoder.defaultAbiCoder();
const FIXTURE_TYPES = ["uint8", "uint256", "address", "string", "uint32[][]"];
const TYPES_TUPLE = `(${FIXTURE_TYPES.join(",")})`;
const ARGS = [200n, (1n << 255n) + 12345n, "0x00000000000000000000000000000000000A11cE", "héllo ✓", [[1n, 2n], [], [3n, 4n, 5n]]];
const DEPLOYER = new Uint8Array(20).fill(0xd1);

export function reasonOf(result) {
  assert.equal(result.status, "reverted", "the deploy should revert");
  assert.equal(hexlify(result.reason.subarray(0, 4)), "0x08c379a0", "revert data is Error(string)");
  return coder.decode(["string"], result.reason.subarray(4))[0];
}

const read = (path) => new Uint8Array(readFileSync(path));
const abiOf = (built) => JSON.parse(readFileSync(built.abi, "utf8"));

function view(chain, iface, name) {
  const result = chain.call(getBytes(iface.encodeFunctionData(name, [])));
  assert.equal(result.status, "success", `${name}() reverted`);
  return iface.decodeFunctionResult(name, result.returnData)[0];
}

/** A fresh chain with the fixture's module, not yet deployed. */
function fixtureChain(built) {
  const chain = new TestChain(built.fixture.wasm);
  chain.caller = DEPLOYER;
  return chain;
}

/** Moves the string's tail after the grid's: the same values and length, offsets not canonical. */
function swapTails(encoded) {
  const word = (i) => Number(BigInt(hexlify(encoded.subarray(32 * i, 32 * i + 32))));
  const labelAt = word(3);
  const gridAt = word(4);
  const label = encoded.subarray(labelAt, gridAt);
  const grid = encoded.subarray(gridAt);
  const out = new Uint8Array(encoded.length);
  out.set(encoded.subarray(0, labelAt), 0);
  out.set(grid, labelAt);
  out.set(label, labelAt + grid.length);
  out.set(getBytes(coder.encode(["uint256"], [labelAt + grid.length])), 96);
  out.set(getBytes(coder.encode(["uint256"], [labelAt])), 128);
  return out;
}

/**
 * Registers the tests. `build()` resolves to { fixture, counter, noConstructor, noArguments }, each
 * { wasm, abi } paths; `skip` is a reason to skip them all, or false.
 */
export function constructorTests({ sdk, build, reasons, skip = false }) {
  let built;
  const ready = async () => (built ??= await build());

  test(`${sdk}: the ABI JSON has the constructor entry ethers reads`, { skip }, async () => {
    const b = await ready();
    const abi = abiOf(b.fixture);
    assert.deepEqual(abi[0], {
      type: "constructor",
      inputs: ["small", "big", "owner", "label", "grid"].map((name, i) => ({ name, type: FIXTURE_TYPES[i] })),
      stateMutability: "payable",
    });
    assert.equal(abi.filter((e) => e.type === "constructor").length, 1);
    const iface = new Interface(abi);
    assert.deepEqual(iface.deploy.inputs.map((p) => p.type), FIXTURE_TYPES);
    assert.equal(iface.getFunction("setUp"), null, "the constructor is not a callable function");
    assert.deepEqual(abiOf(b.counter)[0], {
      type: "constructor",
      inputs: [{ name: "initial", type: "uint256" }],
      stateMutability: "nonpayable",
    });
    assert.deepEqual(abiOf(b.noArguments)[0], { type: "constructor", inputs: [], stateMutability: "nonpayable" });
    assert.equal(abiOf(b.noConstructor).filter((e) => e.type === "constructor").length, 0);
  });

  test(`${sdk}: every built module ends with the ${END_SECTION_NAME} section`, { skip }, async () => {
    const b = await ready();
    for (const [name, { wasm }] of Object.entries(b)) {
      const module = read(wasm);
      const all = sections(module);
      const last = all[all.length - 1];
      assert.equal(last.id, 0, `${name}: the last section is a custom section`);
      assert.equal(last.name, END_SECTION_NAME, `${name}: the last section is the marker`);
      assert.equal(last.end, module.length);
      assert.equal(all.filter((s) => s.name === END_SECTION_NAME).length, 1, `${name}: one marker`);
      assert.deepEqual(module.subarray(module.length - END_MARKER.length), END_MARKER, `${name}: empty payload`);
      assert.ok(all.some((s) => s.id === 10), `${name}: the code section comes before the marker`);
      new WebAssembly.Module(module); // a custom section leaves the module valid
    }
  });

  test(`${sdk}: ContractFactory's deploy data runs the constructor with its arguments`, { skip }, async () => {
    const b = await ready();
    const abi = abiOf(b.fixture);
    const module = read(b.fixture.wasm);
    const tx = await new ContractFactory(abi, module).getDeployTransaction(...ARGS, { value: 77n });
    const data = getBytes(tx.data);
    const { module: code, args } = splitDeployData(data);
    assert.deepEqual(code, module, "the module ends at the marker");
    const iface = new Interface(abi);
    assert.equal(hexlify(args), iface.encodeDeploy(ARGS), "the rest is the arguments, without a selector");

    const chain = new TestChain(code);
    chain.caller = DEPLOYER;
    chain.value = getBytes(coder.encode(["uint256"], [tx.value]));
    assert.throws(() => chain.call(getBytes(iface.encodeFunctionData("small", []))), /run deploy\(args\) first/);
    const deployed = chain.deploy(args);
    assert.equal(deployed.status, "success", deployed.reason && reasonOf(deployed));
    chain.value = new Uint8Array(32); // views are not payable
    assert.equal(view(chain, iface, "small"), ARGS[0]);
    assert.equal(view(chain, iface, "big"), ARGS[1]);
    assert.equal(view(chain, iface, "owner"), ARGS[2]);
    assert.equal(view(chain, iface, "label"), ARGS[3]);
    assert.equal(view(chain, iface, "cells"), 5n);
    assert.equal(view(chain, iface, "total"), 15n);
    assert.equal(view(chain, iface, "deployer").toLowerCase(), hexlify(DEPLOYER));
    assert.equal(view(chain, iface, "paid"), 77n);
    assert.throws(() => chain.deploy(args), /already run/);
  });

  test(`${sdk}: constructor input that is not exactly the arguments' encoding reverts`, { skip }, async () => {
    const b = await ready();
    const good = getBytes(new Interface(abiOf(b.fixture)).encodeDeploy(ARGS));
    const cases = [
      [new Uint8Array(0), reasons.tooShort],
      [good.subarray(0, 100), reasons.truncated],
      [Uint8Array.from(good, (x, i) => (i === 30 ? 1 : x)), reasons.smallOutOfRange], // small = 456
      [Uint8Array.from(good, (x, i) => (i >= 96 && i < 120 ? 0xff : x)), reasons.badOffset], // label's offset
      [new Uint8Array([...good, ...new Uint8Array(32)]), reasons.extraBytes(good.length + 32, good.length, TYPES_TUPLE)],
      [swapTails(good), reasons.nonCanonical(TYPES_TUPLE)],
    ];
    for (const [input, reason] of cases) {
      const chain = fixtureChain(b);
      assert.equal(reasonOf(chain.deploy(input)), reason, `input of ${input.length} bytes`);
      assert.equal(chain.storage.size, 0, "a reverted constructor writes nothing");
      assert.equal(chain.deploy(good).status, "success", "the same chain deploys once the input is right");
    }
  });

  test(`${sdk}: a string argument that is not UTF-8 reverts`, { skip }, async () => {
    const b = await ready();
    const input = getBytes(coder.encode(FIXTURE_TYPES, [1n, 2n, ARGS[2], "abc", []]));
    const labelAt = Number(BigInt(hexlify(input.subarray(96, 128))));
    input[labelAt + 32] = 0xff;
    assert.equal(reasonOf(fixtureChain(b).deploy(input)), reasons.notUtf8);
  });

  test(`${sdk}: the counter starts at its argument and its constructor is not payable`, { skip }, async () => {
    const b = await ready();
    const iface = new Interface(abiOf(b.counter));
    const args = getBytes(iface.encodeDeploy([41n]));

    const paid = new TestChain(b.counter.wasm);
    paid.value = getBytes(coder.encode(["uint256"], [1n]));
    assert.equal(reasonOf(paid.deploy(args)), reasons.notPayable);

    const chain = new TestChain(b.counter.wasm);
    assert.equal(reasonOf(chain.deploy(new Uint8Array(0))), reasons.counterTooShort, "a uint256 needs its word");
    assert.equal(chain.deploy(args).status, "success");
    const result = chain.call(getBytes(iface.encodeFunctionData("increment", [1n])));
    assert.equal(result.status, "success");
    assert.equal(iface.decodeFunctionResult("increment", result.returnData)[0], 42n);
  });

  test(`${sdk}: without a constructor there is no deploy export; with one of no arguments, input reverts`, { skip }, async () => {
    const b = await ready();
    const exports = (wasm) => WebAssembly.Module.exports(new WebAssembly.Module(read(wasm))).map((e) => e.name);
    assert.ok(exports(b.noConstructor.wasm).includes("call"));
    assert.ok(!exports(b.noConstructor.wasm).includes("deploy"));
    assert.ok(exports(b.noArguments.wasm).includes("deploy"));
    assert.ok(exports(b.fixture.wasm).includes("deploy"));

    const plain = new TestChain(b.noConstructor.wasm);
    assert.throws(() => plain.deploy(new Uint8Array(32)), new RegExp(NO_DEPLOY_EXPORT));
    assert.equal(plain.deploy().status, "success");

    const bare = new TestChain(b.noArguments.wasm);
    assert.equal(reasonOf(bare.deploy(new Uint8Array(32))), reasons.noArguments(32));
    assert.equal(bare.deploy().status, "success");
    const iface = new Interface(abiOf(b.noArguments));
    const started = bare.call(getBytes(iface.encodeFunctionData("started", [])));
    assert.equal(iface.decodeFunctionResult("started", started.returnData)[0], true, "the constructor ran");
  });
}
