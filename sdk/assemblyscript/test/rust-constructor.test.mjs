// The Rust SDK's constructors (`constructor(...)` in contract!): the shared checks
// (constructor-checks.mjs) on contracts built by sdk/rust/build-contract.sh, run on TestChain like any
// module. Skips with a message where no rustc can target wasm32.
import { after } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { constructorTests } from "./constructor-checks.mjs";

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const RUST_SDK = join(REPOSITORY, "sdk", "rust");
const toolchain = spawnSync("bash", ["-c", `source "${RUST_SDK}/rustc.sh" && find_wasm32_rustc`], { encoding: "utf8" });
const skip = toolchain.status === 0 ? false : "no rustc with the wasm32-unknown-unknown target (see sdk/rust/README.md)";
if (skip) console.log(`skipping the Rust constructor tests: ${skip}`);

const scratch = mkdtempSync(join(tmpdir(), "lockstep-rust-constructor-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Builds DIR with build-contract.sh into a scratch directory; resolves with { wasm, abi }. */
function buildRust(dir) {
  const out = join(scratch, "out", dir.split("/").pop());
  const name = dir.split("/").pop().replace(/-/g, "_");
  return new Promise((resolveBuild, reject) => {
    const child = spawn("bash", [join(RUST_SDK, "build-contract.sh"), dir, out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => {
      if (status === 0) resolveBuild({ wasm: join(out, `${name}.wasm`), abi: join(out, `${name}.abi.json`) });
      else reject(new Error(`build-contract.sh ${dir} exited ${status}:\n${stderr}`));
    });
  });
}

/** A contract whose src/lib.rs is `source`, in a directory of its own. */
function rustSource(name, source) {
  mkdirSync(join(scratch, name, "src"), { recursive: true });
  writeFileSync(join(scratch, name, "src", "lib.rs"), source);
  return join(scratch, name);
}

const PRELUDE = "#![no_std]\nuse lockstep_sdk::contract;\nuse lockstep_sdk::storage::Value;\n";
const tooShort = (parameter) => `lockstep: bad constructor input, parameter ${parameter}: data too short`;

constructorTests({
  sdk: "Rust",
  skip,
  // Two builds at a time: each is a few seconds of rustc, mostly on one core.
  build: async () => {
    const [fixture, counter] = await Promise.all([
      buildRust(join(RUST_SDK, "fixtures", "constructor")),
      buildRust(join(REPOSITORY, "examples", "counter-rust")),
    ]);
    const [noConstructor, noArguments] = await Promise.all([
      buildRust(rustSource("plain", `${PRELUDE}contract! {\n    #[pure]\n    fn one() -> u8 { 1 }\n}\n`)),
      buildRust(
        rustSource(
          "bare",
          `${PRELUDE}static STARTED: Value<bool> = Value::new("started");\n` +
            `contract! {\n    constructor() { STARTED.set(&true); }\n\n` +
            `    #[view]\n    fn started() -> bool { STARTED.get_or_default() }\n}\n`,
        ),
      ),
    ]);
    return { fixture, counter, noConstructor, noArguments };
  },
  reasons: {
    tooShort: tooShort("small"),
    truncated: tooShort("label"),
    counterTooShort: tooShort("initial"),
    smallOutOfRange: "lockstep: bad constructor input, parameter small: value out of range for its type",
    badOffset: "lockstep: bad constructor input, parameter label: offset or length out of bounds",
    notUtf8: "lockstep: bad constructor input, parameter label: string is not UTF-8",
    notPayable: "lockstep: the constructor is not payable",
    extraBytes: (got, want, types) => `lockstep: constructor input is ${got} bytes, but its arguments ${types} encode to ${want}`,
    nonCanonical: (types) => `lockstep: constructor input is not the canonical encoding of ${types}`,
    noArguments: (got) => `lockstep: the constructor takes no arguments, but its input is ${got} bytes`,
  },
});
