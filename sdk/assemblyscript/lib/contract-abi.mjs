// Reads a contract's entry file with the AssemblyScript parser and describes its ABI: every exported
// function (its parameters and result mapped to Solidity types, its mutability from @view, @pure or
// @payable), the constructor (the exported function marked @constructor, if any) and every event
// declared as `new Event("Name(type indexed name, ...)")`.

import { Parser, NodeKind, CommonFlags, LiteralKind } from "assemblyscript";
import { keccak256, toHex } from "./keccak.mjs";

const NATIVE_BITS = { u8: 8, u16: 16, u32: 32, u64: 64, i8: 8, i16: 16, i32: 32, i64: 64 };

/** A contract-side type and how it maps to the ABI. `kind` drives the code generator. */
export function resolveType(node, where) {
  if (node.kind !== NodeKind.NamedType) throw new Error(`${where}: only named types are supported`);
  const name = node.name.identifier.text;
  const args = node.typeArguments || [];
  if (node.isNullable) throw new Error(`${where}: nullable types have no ABI encoding`);
  if (name === "Array") {
    if (args.length !== 1) throw new Error(`${where}: Array needs one type argument`);
    const element = resolveType(args[0], where);
    return { kind: "array", sol: `${element.sol}[]`, as: `Array<${element.as}>`, element };
  }
  const fixedArray = /^FixedArray(\d+)$/.exec(name);
  if (fixedArray) {
    const size = Number(fixedArray[1]);
    if (args.length !== 1 || size < 1 || size > 32) throw new Error(`${where}: ${name} needs one type argument (sizes 1 to 32)`);
    const element = resolveType(args[0], where);
    return { kind: "fixedArray", size, sol: `${element.sol}[${size}]`, as: `StaticArray<${element.as}>`, element };
  }
  if (args.length > 0) throw new Error(`${where}: ${name}<...> has no ABI encoding; use Array<T>`);
  if (name === "bool") return { kind: "bool", sol: "bool", as: "bool" };
  if (name in NATIVE_BITS) {
    const signed = name.startsWith("i");
    return { kind: signed ? "int" : "uint", bits: NATIVE_BITS[name], sol: `${signed ? "int" : "uint"}${NATIVE_BITS[name]}`, as: name };
  }
  const sized = /^(u?int)(\d+)$/.exec(name);
  if (sized) {
    const bits = Number(sized[2]);
    if (bits < 8 || bits > 256 || bits % 8 !== 0) throw new Error(`${where}: ${name} is not an ABI type`);
    const signed = sized[1] === "int";
    const big = bits > 64;
    return { kind: (signed ? "int" : "uint") + (big ? "256" : ""), bits, sol: name, as: name };
  }
  if (name === "U256") return { kind: "uint256", bits: 256, sol: "uint256", as: "U256" };
  if (name === "I256") return { kind: "int256", bits: 256, sol: "int256", as: "I256" };
  if (name === "Address" || name === "address") return { kind: "address", sol: "address", as: name };
  if (name === "Uint8Array" || name === "bytes") return { kind: "bytes", sol: "bytes", as: name };
  if (name === "string") return { kind: "string", sol: "string", as: "string" };
  const fixed = /^[Bb]ytes(\d+)$/.exec(name);
  if (fixed && Number(fixed[1]) >= 1 && Number(fixed[1]) <= 32) {
    return { kind: "fixedBytes", size: Number(fixed[1]), sol: `bytes${fixed[1]}`, as: name };
  }
  throw new Error(`${where}: type ${name} has no ABI encoding`);
}

/** Whether a type's encoding is dynamic (an offset in the head, the value in the tail). */
export function isDynamic(t) {
  if (t.kind === "fixedArray") return isDynamic(t.element);
  return t.kind === "bytes" || t.kind === "string" || t.kind === "array";
}

export function selector(signature) {
  return toHex(keccak256(signature).subarray(0, 4));
}

function decoratorNames(statement) {
  return (statement.decorators || []).map((d) => d.name.text);
}

/** Parses `new Event("...")` signatures: "Name(type [indexed] [name], ...)". */
export function parseEventSignature(text) {
  const match = /^\s*([A-Za-z_$][\w$]*)\s*\((.*)\)\s*$/.exec(text);
  if (!match) throw new Error(`bad event signature: ${text}`);
  const inputs = match[2].trim() === ""
    ? []
    : match[2].split(",").map((part, i) => {
        const words = part.trim().split(/\s+/);
        const indexed = words[1] === "indexed";
        const name = words.length > (indexed ? 2 : 1) ? words[words.length - 1] : "";
        if (!words[0]) throw new Error(`bad event parameter ${i} in ${text}`);
        return { name, type: words[0], indexed };
      });
  const canonical = `${match[1]}(${inputs.map((i) => i.type).join(",")})`;
  return { name: match[1], inputs, signature: text, topic0: keccak256(canonical) };
}

function eventsIn(node, out) {
  if (!node || typeof node !== "object") return;
  if (node.kind === NodeKind.New && node.typeName && node.typeName.identifier.text === "Event") {
    const arg = node.args && node.args[0];
    if (!arg || arg.kind !== NodeKind.Literal || arg.literalKind !== LiteralKind.String) {
      throw new Error("new Event(...) needs its signature as a string literal, so the build can read it");
    }
    out.push(parseEventSignature(arg.value));
    return;
  }
  for (const key of Object.keys(node)) {
    if (key === "range" || key === "parent") continue;
    const child = node[key];
    if (Array.isArray(child)) child.forEach((c) => eventsIn(c, out));
    else if (child && typeof child === "object" && "kind" in child) eventsIn(child, out);
  }
}

/** Describes the contract in `source` (its entry file's text). */
export function describeContract(source, path = "assembly/index.ts") {
  const parser = new Parser();
  parser.parseFile(source, path, true);
  const errors = parser.diagnostics.filter((d) => d.category === 3 /* error */);
  if (errors.length > 0) throw new Error(`${path}: ${errors.map((d) => d.message).join("; ")}`);
  const file = parser.sources.find((s) => s.normalizedPath === path);
  const functions = [];
  const events = [];
  let constructor = null;
  for (const statement of file.statements) {
    eventsIn(statement, events);
    if (statement.kind !== NodeKind.FunctionDeclaration) continue;
    const name = statement.name.text;
    const where = `${path}: ${name}`;
    const decorators = decoratorNames(statement);
    const exported = (statement.flags & CommonFlags.Export) !== 0;
    if (decorators.includes("constructor")) {
      if (constructor) throw new Error(`${where}: a contract has one @constructor, and ${constructor.name} is already one`);
      if (!exported) throw new Error(`${where}: a @constructor must be exported, so that the generated entry can call it`);
      constructor = describeConstructor(statement, decorators, where);
      continue;
    }
    if (!exported || name.startsWith("_")) continue;
    const inputs = parameters(statement, where);
    const returnNode = statement.signature.returnType;
    const outputs = isVoid(returnNode) ? [] : [{ name: "", type: resolveType(returnNode, `${where} result`) }];
    const stateMutability = decorators.includes("pure") ? "pure" : decorators.includes("view") ? "view" : decorators.includes("payable") ? "payable" : "nonpayable";
    const signature = `${name}(${inputs.map((i) => i.type.sol).join(",")})`;
    functions.push({ name, inputs, outputs, stateMutability, signature, selector: selector(signature) });
  }
  const seen = new Map();
  for (const f of functions) {
    if (seen.has(f.selector)) throw new Error(`${f.signature} and ${seen.get(f.selector)} share selector 0x${f.selector}`);
    seen.set(f.selector, f.signature);
  }
  return { functions, constructor, events };
}

function parameters(statement, where) {
  return statement.signature.parameters.map((p) => ({ name: p.name.text, type: resolveType(p.type, `${where}(${p.name.text})`) }));
}

function isVoid(typeNode) {
  return typeNode.kind === NodeKind.NamedType && typeNode.name.identifier.text === "void";
}

/**
 * The constructor: run once when the contract is deployed, with the deploy's constructor input decoded
 * as its parameters. Only @payable changes it (Solidity's constructors are never view or pure).
 */
function describeConstructor(statement, decorators, where) {
  for (const d of ["view", "pure"]) {
    if (decorators.includes(d)) throw new Error(`${where}: a @constructor cannot be @${d}; it runs once, to set up storage`);
  }
  if (!isVoid(statement.signature.returnType)) throw new Error(`${where}: a @constructor returns nothing (void)`);
  const inputs = parameters(statement, where);
  return {
    name: statement.name.text,
    inputs,
    stateMutability: decorators.includes("payable") ? "payable" : "nonpayable",
    types: `(${inputs.map((i) => i.type.sol).join(",")})`,
  };
}

/** The Ethereum ABI JSON of a described contract. */
export function abiJson({ functions, constructor, events }) {
  const entries = [];
  if (constructor) {
    entries.push({
      type: "constructor",
      inputs: constructor.inputs.map((i) => ({ name: i.name, type: i.type.sol })),
      stateMutability: constructor.stateMutability,
    });
  }
  entries.push(...functions.map((f) => ({
    type: "function",
    name: f.name,
    inputs: f.inputs.map((i) => ({ name: i.name, type: i.type.sol })),
    outputs: f.outputs.map((o) => ({ name: o.name, type: o.type.sol })),
    stateMutability: f.stateMutability,
  })));
  for (const e of events) entries.push({ type: "event", name: e.name, inputs: e.inputs, anonymous: false });
  entries.push({ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] });
  return entries;
}
