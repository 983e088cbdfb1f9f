// The AssemblyScript ABI codec and the generated dispatcher, checked against ethers' encoder: a
// fixture contract echoes every mapped type, and its generated ABI JSON drives ethers' Interface.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { AbiCoder, Interface, getBytes, hexlify, id, keccak256, zeroPadValue } from "ethers";
import { buildContract } from "../bin/lockstep-contract-build.mjs";
import { TestChain } from "../lib/test-chain.mjs";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "codec");
const coder = AbiCoder.defaultAbiCoder();
let iface;
let chain;

before(async () => {
  const built = await buildContract(FIXTURE);
  iface = new Interface(JSON.parse(readFileSync(built.abi, "utf8")));
  chain = new TestChain(built.wasm);
});

function call(name, args) {
  return chain.call(getBytes(iface.encodeFunctionData(name, args)));
}

function success(name, args) {
  const result = call(name, args);
  assert.equal(result.status, "success", `${name} reverted: ${result.reason && reasonOf(result.reason)}`);
  return result;
}

function reasonOf(data) {
  assert.equal(hexlify(data.subarray(0, 4)), "0x08c379a0", "revert data is Error(string)");
  return coder.decode(["string"], data.subarray(4))[0];
}

function echoes(name, values) {
  for (const v of values) {
    const { returnData } = success(name, [v]);
    assert.equal(hexlify(returnData), iface.encodeFunctionResult(name, [v]), `${name}(${v})`);
  }
}

const U = (bits) => (1n << BigInt(bits)) - 1n;
const MIN = (bits) => -(1n << BigInt(bits - 1));
const MAX = (bits) => (1n << BigInt(bits - 1)) - 1n;

test("unsigned integers of 8 to 256 bits", () => {
  echoes("echoU8", [0n, 1n, U(8)]);
  echoes("echoU16", [U(16)]);
  echoes("echoUint24", [0n, U(24)]);
  echoes("echoU32", [U(32)]);
  echoes("echoU64", [U(64), 1234567890123n]);
  echoes("echoUint128", [U(128), 1n << 100n]);
  echoes("echoU256", [0n, U(256), 1n << 255n, 0x1234567890abcdef1234567890abcdefn]);
});

test("signed integers of 8 to 256 bits", () => {
  echoes("echoI8", [MIN(8), -1n, 0n, MAX(8)]);
  echoes("echoI16", [MIN(16), MAX(16)]);
  echoes("echoInt24", [MIN(24), -5n, MAX(24)]);
  echoes("echoI32", [MIN(32), -1n, MAX(32)]);
  echoes("echoI64", [MIN(64), MAX(64)]);
  echoes("echoInt200", [MIN(200), -1n, MAX(200)]);
  echoes("echoI256", [MIN(256), -1n, 0n, 1n, MAX(256)]);
});

test("bool, address, bytesN", () => {
  echoes("echoBool", [true, false]);
  echoes("echoAddress", ["0x0000000000000000000000000000000000000000", "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]);
  echoes("echoBytes1", ["0x00", "0xff"]);
  echoes("echoBytes32", [keccak256("0x01")]);
});

test("bytes and string", () => {
  echoes("echoBytes", ["0x", "0x01", hexlify(new Uint8Array(32).fill(7)), hexlify(new Uint8Array(33).fill(9))]);
  echoes("echoString", ["", "hello", "héllo ✓ — ünïcode", "x".repeat(100)]);
});

test("dynamic arrays, nested arrays, arrays of dynamic types", () => {
  echoes("echoU256Array", [[], [1n], [0n, U(256), 42n]]);
  echoes("echoStringArray", [[], ["a"], ["", "two", "a longer string than one word, to need two words"]]);
  echoes("echoU32Grid", [[], [[]], [[1n, 2n], [], [3n, U(32)]]]);
  echoes("echoBytesArrays", [[["0x01", "0x"], []], [[hexlify(new Uint8Array(40).fill(1))]]]);
});

test("fixed-size arrays in signatures: static and dynamic elements, inside dynamic arrays", () => {
  echoes("echoFixedU256", [[0n, U(256), 3n]]);
  echoes("echoFixedStrings", [["", "two"], ["a longer string than one word, to need two words", "x"]]);
  echoes("echoFixedInArray", [[], [[1n, 2n], [255n, 0n]]]);
  echoes("echoFixedOfArrays", [[[], [1n, 2n, 3n]]]);
  const { returnData } = success("fixedThenDynamic", [[1n, U(64)], "mid", ["l", "r"]]);
  assert.equal(iface.decodeFunctionResult("fixedThenDynamic", returnData)[0], `1,${U(64)},mid,l,r`);
  assert.equal(iface.getFunction("fixedThenDynamic").format("sighash"), "fixedThenDynamic(uint64[2],string,string[2])");
  assert.equal(reasonOf(call("wrongLength", []).reason), "ABI: uint32[2] needs 2 elements, not 3");
});

test("mixed static and dynamic arguments", () => {
  const args = [7n, "text", "0xabcdef", [1n, 2n, 3n], "0x00000000000000000000000000000000000000aa", true];
  const { returnData } = success("mix", args);
  const [encoded] = iface.decodeFunctionResult("mix", returnData);
  assert.equal(encoded, coder.encode(["uint32", "string", "bytes", "uint256[]", "address", "bool"], args));
});

test("fixed-size arrays encode and decode", () => {
  const types = ["uint256[2]", "string[2]", "uint8[2][]"];
  const values = [[5n, U(256)], ["left", "right side"], [[1n, 2n], [3n, 4n]]];
  const expected = coder.encode(types, values);
  const { returnData } = success("encodeFixed", [5n, U(256), "left", "right side"]);
  assert.equal(iface.decodeFunctionResult("encodeFixed", returnData)[0], expected);

  const small = coder.encode(types, [[11n, 12n], ["a", ""], [[1n, 2n], [3n, 4n]]]);
  const decoded = success("decodeFixed", [small]);
  assert.equal(iface.decodeFunctionResult("decodeFixed", decoded.returnData)[0], "11,12,a,;1,2;3,4");
});

test("the contract's Keccak-256 agrees with the reference", () => {
  for (const n of [0, 3, 135, 136, 137, 300]) {
    const data = hexlify(Uint8Array.from({ length: n }, (_, i) => (i * 7 + 1) & 0xff));
    const { returnData } = success("hash", [data]);
    assert.equal(iface.decodeFunctionResult("hash", returnData)[0], keccak256(data), `length ${n}`);
  }
});

test("events: topic 0, indexed topics (a string as its hash) and ABI-encoded data", () => {
  const { logs } = success("note", ["tag", 5n, "the text"]);
  assert.equal(logs.length, 1);
  const [log] = logs;
  assert.deepEqual(log.topics.map((t) => hexlify(t)), [
    id("Noted(address,string,uint64,string)"),
    zeroPadValue("0x", 32),
    id("tag"),
  ]);
  assert.equal(hexlify(log.data), coder.encode(["uint64", "string"], [5n, "the text"]));
  const parsed = iface.parseLog({ topics: log.topics.map((t) => hexlify(t)), data: hexlify(log.data) });
  assert.equal(parsed.name, "Noted");
  assert.equal(parsed.args.n, 5n);
});

test("ABI JSON: mutability, events and outputs", () => {
  assert.equal(iface.getFunction("echoU8").stateMutability, "pure");
  assert.equal(iface.getFunction("note").stateMutability, "nonpayable");
  assert.equal(iface.getEvent("Noted").inputs.filter((i) => i.indexed).length, 2);
  assert.equal(iface.getFunction("echoU32Grid").outputs[0].type, "uint32[][]");
});

test("revert reasons are Error(string)", () => {
  const result = call("fail", ["boom"]);
  assert.equal(result.status, "reverted");
  assert.equal(reasonOf(result.reason), "boom");
  assert.equal(hexlify(result.reason), "0x08c379a0" + coder.encode(["string"], ["boom"]).slice(2));
  assert.match(reasonOf(call("failAssert", []).reason), /^asserted/);
  assert.equal(reasonOf(call("overflow", []).reason).split(" (")[0], "U256 addition overflow");
});

test("unknown selectors and bad calldata revert with a reason", () => {
  assert.equal(reasonOf(chain.call(getBytes("0xdeadbeef")).reason), "unknown function selector 0xdeadbeef");
  assert.equal(reasonOf(chain.call(getBytes("0x01")).reason), "calldata has no function selector");
  const word = (hex) => zeroPadValue(hex, 32).slice(2);
  const sel = (name) => iface.getFunction(name).selector;
  const bad = (name, body) => reasonOf(chain.call(getBytes(sel(name) + body)).reason);
  assert.equal(bad("echoU8", word("0x0100")), "ABI: value out of range for uint8");
  assert.equal(bad("echoI8", word("0x80")), "ABI: value out of range for int8");
  assert.equal(bad("echoUint24", word("0x01000000")), "ABI: value out of range for uint24");
  assert.equal(bad("echoBool", word("0x02")), "ABI: invalid bool");
  assert.equal(bad("echoAddress", "01" + "00".repeat(31)), "ABI: invalid address");
  assert.equal(bad("echoBytes1", word("0x0101")), "ABI: invalid bytes1");
  assert.equal(bad("echoU256", "00"), "ABI: calldata too short");
  assert.equal(bad("echoBytes", word("0x20") + word("0x40")), "ABI: bytes past the end of calldata");
  assert.equal(bad("echoString", word("0x1000")), "ABI: offset out of range");
  assert.equal(bad("echoU256Array", word("0x20") + word("0xffff")), "ABI: length out of range");
});

test("a function that is not payable refuses value", () => {
  chain.value = new Uint8Array(32);
  chain.value[31] = 1;
  try {
    assert.equal(reasonOf(call("note", ["t", 1n, "x"]).reason), "note is not payable");
  } finally {
    chain.value = new Uint8Array(32);
  }
});

test("storage maps and values: keys by U256, bytes and string; removal", () => {
  const value = keccak256("0x02");
  assert.equal(success("store", [7n, "seven", "0xbeef", value, "on"]).status, "success");
  const read = (n, key, flag) => iface.decodeFunctionResult("load", success("load", [n, key, flag]).returnData)[0];
  assert.equal(read(7n, "0xbeef", "on"), `seven|${value}|set|seven|has`);
  assert.equal(read(8n, "0xbee0", "off"), `|0x${"00".repeat(32)}|unset|seven|none`);
  const mapKey = (name, key) => hexlify(new Uint8Array([1, name.length, ...new TextEncoder().encode(name), ...getBytes(key)])).slice(2);
  assert.ok(chain.storage.has(mapKey("byNumber", zeroPadValue("0x07", 32))), "U256 keys are 32 bytes big-endian");
  assert.ok(chain.storage.has(mapKey("byBytes", "0xbeef")));
  success("forget", [7n, "on"]);
  assert.equal(read(7n, "0xbeef", "on"), `|${value}|unset||none`);
});

test("multi-argument echoes re-encode their arguments as abi.encode would", () => {
  const bytes32 = keccak256("0x03");
  const cases = {
    echoUints: [U(8), 0n, U(64), U(128), U(256)],
    echoInts: [MIN(8), MAX(32), -1n, MIN(128), MAX(256)],
    echoScalars: ["0x00000000000000000000000000000000000000aa", true, "0xff", "0x" + "11".repeat(20), bytes32],
    echoDynamic: [hexlify(new Uint8Array(33).fill(5)), "héllo 😀"],
    echoArrays: [[1n, U(256)], ["0x00000000000000000000000000000000000000bb"], ["", "x".repeat(33)], ["0x", "0x0102"]],
    echoNested: [[[], [1n, 2n]], [["a"], []], [[bytes32, bytes32]], [[1n, 2n, 255n]], [["", "✓"]]],
    echoMixed: [U(64), ["s"], "0x01", [[1n, 2n]], false, [[1n, 2n], [3n, 4n], [5n, U(16)]], [[], ["0xab", "0x"]]],
  };
  for (const [name, args] of Object.entries(cases)) {
    const { returnData } = success(name, args);
    const types = iface.getFunction(name).inputs.map((p) => p.type);
    assert.equal(iface.decodeFunctionResult(name, returnData)[0], coder.encode(types, args), name);
  }
  const shape = success("shapeNested", cases.echoNested).returnData;
  assert.deepEqual(iface.decodeFunctionResult("shapeNested", shape)[0].toArray(), [2n, 2n, 1n, 1n, 1n, 0n, 2n, 1n, 0n, 1n, 0n, 3n, 258n]);
});
