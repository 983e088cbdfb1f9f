import { test } from "node:test";
import assert from "node:assert/strict";
import { keccak256, toHex } from "../lib/keccak.mjs";
import { selector } from "../lib/contract-abi.mjs";
import { keccak256 as referenceKeccak } from "ethers";

test("Keccak-256 of the empty string", () => {
  assert.equal(toHex(keccak256("")), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
});

test("Keccak-256 of abc", () => {
  assert.equal(toHex(keccak256("abc")), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
});

test("selector of transfer(address,uint256)", () => {
  assert.equal(selector("transfer(address,uint256)"), "a9059cbb");
});

test("Keccak-256 agrees with the reference around the 136-byte block boundary", () => {
  for (const n of [1, 55, 135, 136, 137, 271, 272, 273, 1000]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
    assert.equal("0x" + toHex(keccak256(data)), referenceKeccak(data), `length ${n}`);
  }
});

test("assembly/keccak-f.ts is what lib/keccak-codegen.mjs generates", async () => {
  const { readFileSync } = await import("node:fs");
  const { keccakF } = await import("../lib/keccak-codegen.mjs");
  const committed = readFileSync(new URL("../assembly/keccak-f.ts", import.meta.url), "utf8");
  assert.equal(committed, keccakF(), "run npm run generate");
});
