// The README's test example, verbatim, so that it keeps working.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Interface, getBytes } from "ethers";
import { buildContract } from "../bin/lockstep-contract-build.mjs";
import { TestChain } from "../lib/test-chain.mjs";

test("increment adds up", async () => {
  const built = await buildContract("../../examples/counter"); // relative to sdk/assemblyscript
  const abi = new Interface(JSON.parse(readFileSync(built.abi, "utf8")));
  const chain = new TestChain(built.wasm);
  chain.deploy(getBytes(abi.encodeDeploy([40n]))); // runs the constructor, init(40)
  chain.call(getBytes(abi.encodeFunctionData("increment", [2n])));
  const result = chain.call(getBytes(abi.encodeFunctionData("get", [])));
  assert.equal(abi.decodeFunctionResult("get", result.returnData)[0], 42n);
});
