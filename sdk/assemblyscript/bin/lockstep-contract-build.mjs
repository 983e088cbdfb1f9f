#!/usr/bin/env node
// Builds a contract directory: DIR/assembly/index.ts -> DIR/build/<name>.wasm and <name>.abi.json.
// <name> is the directory's name. The contract's exported functions become the ABI; the generated
// entry point (DIR/build/generated/entry.ts) dispatches calls to them and runs its @constructor. The
// module ends with the `lockstep.end` section, after which a deploy carries the constructor input.
//
//   node bin/lockstep-contract-build.mjs DIR

import { mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import { describeContract, abiJson } from "../lib/contract-abi.mjs";
import { generateEntry } from "../lib/dispatch.mjs";
import { appendEndMarker } from "../lib/wasm-sections.mjs";

const SDK_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export async function buildContract(dir) {
  const root = resolve(dir);
  const name = basename(root);
  const entry = join(root, "assembly", "index.ts");
  const source = readFileSync(entry, "utf8");
  const contract = describeContract(source, "assembly/index.ts");

  const out = join(root, "build");
  const generated = join(out, "generated");
  mkdirSync(generated, { recursive: true });
  // The contract imports "lockstep-sdk": resolve it to this SDK through a package path of our own.
  // Written aside and renamed into place, so a concurrent build of the same directory never sees a
  // missing link or a half-written entry.
  const packages = join(out, "packages");
  mkdirSync(packages, { recursive: true });
  const link = join(packages, "lockstep-sdk");
  const linkAside = `${link}.${process.pid}`;
  rmSync(linkAside, { force: true });
  symlinkSync(join(SDK_ROOT, "assembly"), linkAside, "dir");
  renameSync(linkAside, link);

  const entryFile = join(generated, "entry.ts");
  const contractImport = relative(generated, entry).replace(/\\/g, "/").replace(/\.ts$/, "");
  writeFileSync(`${entryFile}.${process.pid}`, generateEntry(contract, contractImport));
  renameSync(`${entryFile}.${process.pid}`, entryFile);

  const wasm = join(out, `${name}.wasm`);
  // asc (and the Binaryen passes it runs) writes aside; the marker goes last, after every optimization.
  const compiled = join(out, `${name}.${process.pid}.wasm`);
  const args = [
    relative(root, entryFile),
    "--outFile", relative(root, compiled),
    "--optimizeLevel", "3",
    "--shrinkLevel", "1",
    "--runtime", "stub",
    "--use", "abort=~lib/lockstep-sdk/revert/abortWithRevert",
    "--path", packages,
    "--baseDir", root,
  ];
  const stderr = [];
  const { error } = await asc.main(args, {
    stdout: { write: () => true },
    stderr: { write: (chunk) => { stderr.push(String(chunk)); return true; } },
  });
  if (error) {
    rmSync(compiled, { force: true });
    throw new Error(`asc failed: ${error.message}\n${stderr.join("")}`);
  }
  writeFileSync(compiled, appendEndMarker(readFileSync(compiled)));
  renameSync(compiled, wasm);

  const abiFile = join(out, `${name}.abi.json`);
  writeFileSync(abiFile, JSON.stringify(abiJson(contract), null, 2) + "\n");
  return { wasm, abi: abiFile, size: statSync(wasm).size, contract };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: lockstep-contract-build DIR   (builds DIR/assembly/index.ts)");
    process.exit(2);
  }
  try {
    const result = await buildContract(dir);
    const ctor = result.contract.constructor;
    if (ctor) console.log(`  constructor${ctor.types}  ${ctor.stateMutability}  (${ctor.name})`);
    for (const f of result.contract.functions) console.log(`  0x${f.selector}  ${f.signature}  ${f.stateMutability}`);
    for (const e of result.contract.events) console.log(`  event ${e.name}(${e.inputs.map((i) => i.type).join(",")})`);
    console.log(`${relative(process.cwd(), result.wasm)}: ${result.size} bytes`);
    console.log(`${relative(process.cwd(), result.abi)}`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
