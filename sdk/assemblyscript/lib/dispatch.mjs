// Generates the contract's entry points: `call` reads the 4-byte selector, decodes the arguments, calls
// the exported function and encodes its result; `deploy`, only when the contract has a @constructor,
// decodes the constructor input and calls it. Arrays get one decode and one encode helper each.

import { isDynamic } from "./contract-abi.mjs";

export function generateEntry(contract, contractImport) {
  const helpers = [];
  let helperCount = 0;

  function decodeExpr(t, d) {
    switch (t.kind) {
      case "bool": return `${d}.bool()`;
      case "uint": return `<${asType(t)}>${d}.uint(${t.bits})`;
      case "int": return `<${asType(t)}>${d}.int(${t.bits})`;
      case "uint256": return `${d}.uint256(${t.bits})`;
      case "int256": return `${d}.int256(${t.bits})`;
      case "address": return `${d}.address()`;
      case "bytes": return `${d}.bytes()`;
      case "string": return `${d}.string()`;
      case "fixedBytes": return `new __sdk.Bytes${t.size}(${d}.fixedBytes(${t.size}))`;
      case "array": {
        const fn = `__decode${helperCount++}`;
        helpers.push(
          `function ${fn}(d: __sdk.AbiDecoder): ${asType(t)} {\n` +
          `  const out = new ${asType(t)}(d.length);\n` +
          `  for (let i = 0; i < d.length; i++) out[i] = ${decodeExpr(t.element, "d")};\n` +
          `  return out;\n}`);
        return `${fn}(${d}.array())`;
      }
      case "fixedArray": {
        const fn = `__decode${helperCount++}`;
        helpers.push(
          `function ${fn}(d: __sdk.AbiDecoder): ${asType(t)} {\n` +
          `  const out = new ${asType(t)}(${t.size});\n` +
          `  for (let i = 0; i < ${t.size}; i++) out[i] = ${decodeExpr(t.element, "d")};\n` +
          `  return out;\n}`);
        // Static elements lie inline in the enclosing head; dynamic ones sit behind an offset.
        return `${fn}(${d}.${isDynamic(t) ? "dynamicTuple" : "staticTuple"}())`;
      }
    }
    throw new Error(`no decoder for ${t.sol}`);
  }

  function encodeStmt(t, e, v) {
    switch (t.kind) {
      case "bool": return `${e}.bool(${v});`;
      case "uint": return `${e}.uint(<u64>${v}, ${t.bits});`;
      case "int": return `${e}.int(<i64>${v}, ${t.bits});`;
      case "uint256": return `${e}.uint256(${v}, ${t.bits});`;
      case "int256": return `${e}.int256(${v}, ${t.bits});`;
      case "address": return `${e}.address(${v});`;
      case "bytes": return `${e}.bytes(${v});`;
      case "string": return `${e}.string(${v});`;
      case "fixedBytes": return `${e}.fixedBytes(${v});`;
      case "array": {
        const fn = `__encode${helperCount++}`;
        helpers.push(
          `function ${fn}(v: ${asType(t)}): __sdk.AbiEncoder {\n` +
          `  const e = new __sdk.AbiEncoder();\n` +
          `  for (let i = 0; i < v.length; i++) ${encodeStmt(t.element, "e", "v[i]")}\n` +
          `  return e;\n}`);
        return `${e}.array(${v}.length, ${fn}(${v}));`;
      }
      case "fixedArray": {
        const fn = `__encode${helperCount++}`;
        helpers.push(
          `function ${fn}(v: ${asType(t)}): __sdk.AbiEncoder {\n` +
          `  if (v.length != ${t.size}) __sdk.revert("ABI: ${t.sol} needs ${t.size} elements, not " + v.length.toString());\n` +
          `  const e = new __sdk.AbiEncoder();\n` +
          `  for (let i = 0; i < ${t.size}; i++) ${encodeStmt(t.element, "e", "v[i]")}\n` +
          `  return e;\n}`);
        return `${e}.tuple(${fn}(${v}));`;
      }
    }
    throw new Error(`no encoder for ${t.sol}`);
  }

  // Type names as the generated file sees them: SDK types through the namespace import.
  function asType(t) {
    if (t.kind === "array") return `Array<${asType(t.element)}>`;
    if (t.kind === "fixedArray") return `StaticArray<${asType(t.element)}>`;
    if (["bool", "string"].includes(t.kind) || /^[ui](8|16|32|64)$/.test(t.as)) return t.as;
    if (t.as === "Uint8Array") return "Uint8Array";
    return `__sdk.${t.as}`;
  }

  const cases = contract.functions.map((f) => {
    const lines = [`    case 0x${f.selector}: { // ${f.signature}`];
    if (f.stateMutability !== "payable") {
      lines.push(`      if (!__sdk.valueIsZero()) __sdk.revert("${f.name} is not payable");`);
    }
    f.inputs.forEach((input, i) => lines.push(`      const a${i} = ${decodeExpr(input.type, "d")};`));
    const call = `__contract.${f.name}(${f.inputs.map((_, i) => `a${i}`).join(", ")})`;
    if (f.outputs.length === 0) {
      lines.push(`      ${call};`);
    } else {
      lines.push(`      const r = ${call};`, `      const e = new __sdk.AbiEncoder();`);
      lines.push(`      ${encodeStmt(f.outputs[0].type, "e", "r")}`);
      lines.push(`      __sdk.setReturn(e.finish());`);
    }
    lines.push("      return;", "    }");
    return lines.join("\n");
  });

  const deploy = contract.constructor ? deployExport(contract.constructor) : "";

  // The constructor input must be exactly its arguments' encoding: bytes after it (arguments for some
  // other constructor, or sent twice) revert rather than being ignored as trailing calldata is.
  function deployExport(c) {
    const lines = ["export function deploy(): void {"];
    if (c.stateMutability !== "payable") {
      lines.push(`  if (!__sdk.valueIsZero()) __sdk.revert("the constructor is not payable");`);
    }
    lines.push("  const input = __sdk.input();", "  const d = new __sdk.AbiDecoder(input, 0);");
    c.inputs.forEach((input, i) => lines.push(`  const a${i} = ${decodeExpr(input.type, "d")};`));
    lines.push("  const e = new __sdk.AbiEncoder();");
    c.inputs.forEach((input, i) => lines.push(`  ${encodeStmt(input.type, "e", `a${i}`)}`));
    lines.push(`  __sdk.requireExactConstructorInput(input, e.finish(), ${JSON.stringify(c.types)});`);
    lines.push(`  __contract.${c.name}(${c.inputs.map((_, i) => `a${i}`).join(", ")});`, "}");
    return lines.join("\n");
  }

  return `// Generated by lockstep-contract-build from the contract's exported functions; do not edit.
import * as __sdk from "lockstep-sdk";
import * as __contract from "${contractImport}";

${contract.events.map((e) => `__sdk.registerEventTopic(${JSON.stringify(e.signature)}, [${Array.from(e.topic0).join(", ")}]);`).join("\n")}

${helpers.join("\n\n")}

export function call(): void {
  const input = __sdk.input();
  if (input.length < 4) __sdk.revert("calldata has no function selector");
  const selector = bswap<u32>(load<u32>(input.dataStart));
  const d = new __sdk.AbiDecoder(input, 4);
  switch (selector) {
${cases.join("\n")}
  }
  __sdk.revert("unknown function selector 0x" + __sdk.hexOf(input.subarray(0, 4)).substring(2));
}
${deploy && `\n${deploy}\n`}`;
}
