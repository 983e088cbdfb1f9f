// The sections of a WebAssembly module, and the `lockstep.end` custom section that ends every module
// the SDKs build. Deploy data is `module ‖ constructor input`: the chain walks the module's sections and
// the first custom section named `lockstep.end` ends the module; every byte after it is the constructor
// input. Without that section the whole data is the module and the input is empty.

const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const CUSTOM = 0;

/** The name of the custom section that ends a module. */
export const END_SECTION_NAME = "lockstep.end";

/** The whole section: id 0, size 13, the name's length 12, the name, an empty payload. */
export const END_MARKER = new Uint8Array([CUSTOM, 13, 12, ...new TextEncoder().encode(END_SECTION_NAME)]);

/** An unsigned LEB128 (at most 32 bits, as the binary format allows) at `at`: [value, next offset]. */
function readU32(bytes, at) {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (at + i >= bytes.length) throw new Error(`module ends inside a LEB128 number at byte ${at}`);
    const b = bytes[at + i];
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      if (value > 0xffffffff) throw new Error(`LEB128 number at byte ${at} is above 2^32 - 1`);
      return [value, at + i + 1];
    }
  }
  throw new Error(`LEB128 number at byte ${at} is longer than 5 bytes`);
}

function checkHeader(bytes) {
  if (bytes.length < 8 || MAGIC_AND_VERSION.some((b, i) => bytes[i] !== b)) {
    throw new Error("not a WebAssembly module: it must start with \\0asm and version 1");
  }
}

/** One section at `at`: { id, start, payloadStart, end, name } (`name` for custom sections only). */
function sectionAt(bytes, at) {
  const id = bytes[at];
  const [size, payloadStart] = readU32(bytes, at + 1);
  const end = payloadStart + size;
  if (end > bytes.length) throw new Error(`section ${id} at byte ${at} runs past the end (${end} > ${bytes.length})`);
  const section = { id, start: at, payloadStart, end };
  if (id === CUSTOM) {
    const [nameLength, nameStart] = readU32(bytes, payloadStart);
    if (nameStart + nameLength > end) throw new Error(`custom section at byte ${at}: its name runs past the section`);
    section.name = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(nameStart, nameStart + nameLength));
  }
  return section;
}

/** Every section of `bytes`, in order; throws when the module's framing is broken. */
export function sections(bytes) {
  checkHeader(bytes);
  const out = [];
  for (let at = 8; at < bytes.length; at = out[out.length - 1].end) out.push(sectionAt(bytes, at));
  return out;
}

/** `module` with the end section appended as its last section; refuses a module that already has one. */
export function appendEndMarker(module) {
  if (sections(module).some((s) => s.name === END_SECTION_NAME)) {
    throw new Error(`the module already has a ${END_SECTION_NAME} section`);
  }
  const out = new Uint8Array(module.length + END_MARKER.length);
  out.set(module, 0);
  out.set(END_MARKER, module.length);
  return out;
}

/**
 * Splits deploy data as the chain does: { module, args }. The module ends right after the first
 * `lockstep.end` section; without one the whole data is the module and `args` is empty. Bytes that stop
 * framing as sections before any `lockstep.end` leave the data whole, for the chain to refuse.
 */
export function splitDeployData(data) {
  checkHeader(data);
  let at = 8;
  while (at < data.length) {
    let section;
    try {
      section = sectionAt(data, at);
    } catch {
      break;
    }
    if (section.name === END_SECTION_NAME) {
      return { module: data.subarray(0, section.end), args: data.subarray(section.end) };
    }
    at = section.end;
  }
  return { module: data, args: data.subarray(data.length) };
}
