// The AssemblyScript SDK's constructors: the shared checks (constructor-checks.mjs) on contracts built
// by this SDK, and the build's refusals of constructors it cannot generate.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after } from "node:test";
import { buildContract } from "../bin/lockstep-contract-build.mjs";
import { describeContract } from "../lib/contract-abi.mjs";
import { constructorTests } from "./constructor-checks.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "lockstep-as-constructor-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Builds a contract whose assembly/index.ts is `source`, in a directory of its own. */
async function buildSource(name, source) {
  mkdirSync(join(scratch, name, "assembly"), { recursive: true });
  writeFileSync(join(scratch, name, "assembly", "index.ts"), source);
  return buildContract(join(scratch, name));
}

constructorTests({
  sdk: "AssemblyScript",
  build: async () => ({
    fixture: await buildContract(join(HERE, "fixtures", "constructor")),
    counter: await buildContract(join(HERE, "..", "..", "..", "examples", "counter")),
    noConstructor: await buildSource("plain", `@pure export function one(): u8 { return 1; }\n`),
    noArguments: await buildSource(
      "bare",
      `import { StorageValue } from "lockstep-sdk";\n` +
        `const flag = new StorageValue<bool>("started");\n` +
        `@constructor export function start(): void { flag.set(true); }\n` +
        `@view export function started(): bool { return flag.get(); }\n`,
    ),
  }),
  reasons: {
    tooShort: "ABI: calldata too short",
    truncated: "ABI: calldata too short",
    counterTooShort: "ABI: calldata too short",
    smallOutOfRange: "ABI: value out of range for uint8",
    badOffset: "ABI: offset out of range",
    notUtf8: "ABI: string is not UTF-8",
    notPayable: "the constructor is not payable",
    extraBytes: (got, want, types) => `ABI: constructor input is ${got} bytes, but its arguments ${types} encode to ${want}`,
    nonCanonical: (types) => `ABI: constructor input is not the canonical encoding of ${types}`,
    noArguments: (got) => `ABI: the constructor takes no arguments, but its input is ${got} bytes`,
  },
});

test("AssemblyScript: the build refuses constructors it cannot generate", () => {
  const refuses = (source, message) => assert.throws(() => describeContract(source), message);
  refuses(`@constructor function init(): void {}`, /a @constructor must be exported/);
  refuses(`@constructor export function a(): void {}\n@constructor export function b(): void {}`, /one @constructor, and a is already one/);
  refuses(`@constructor @view export function init(): void {}`, /cannot be @view/);
  refuses(`@constructor export function init(): u8 { return 1; }`, /returns nothing/);
  refuses(`@constructor export function init(m: Map<u8, u8>): void {}`, /init\(m\): Map<...> has no ABI encoding/);
  const c = describeContract(`@constructor @payable export function _init(a: u8, b: string): void {}\nexport function f(): void {}`);
  assert.deepEqual(
    [c.constructor.name, c.constructor.types, c.constructor.stateMutability, c.functions.map((f) => f.name)],
    ["_init", "(uint8,string)", "payable", ["f"]],
  );
});
