// WASI-NN inference (module wasi_ephemeral_nn), as the host ABI describes it: a model is loaded by its
// 32-byte SHA-256 or by a registered name, inputs are set as tensors, `compute` runs the whole model
// (charging its inference fuel up front) and outputs come back as raw little-endian bytes. A failing
// errno reverts with its name, except where a try* function hands it back.

import * as host from "./host";
import { revert } from "./revert";

export enum TensorType {
  F16 = 0,
  F32 = 1,
  F64 = 2,
  U8 = 3,
  I32 = 4,
  I64 = 5,
  I8 = 6,
  Bool = 7,
}

export namespace NnErrno {
  export const SUCCESS: u32 = 0;
  export const INVALID_ARGUMENT: u32 = 1;
  export const INVALID_ENCODING: u32 = 2;
  export const MISSING_MEMORY: u32 = 3;
  export const BUSY: u32 = 4;
  export const RUNTIME_ERROR: u32 = 5;
  export const UNSUPPORTED_OPERATION: u32 = 6;
  export const TOO_LARGE: u32 = 7;
  export const NOT_FOUND: u32 = 8;
}

const ERRNO_NAMES: StaticArray<string> = [
  "success",
  "invalid_argument",
  "invalid_encoding",
  "missing_memory",
  "busy",
  "runtime_error",
  "unsupported_operation",
  "too_large",
  "not_found",
];

export function errnoName(errno: u32): string {
  return errno < <u32>ERRNO_NAMES.length ? ERRNO_NAMES[errno] : "errno " + errno.toString();
}

function check(errno: u32, what: string): void {
  if (errno != NnErrno.SUCCESS) revert("WASI-NN " + what + ": " + errnoName(errno));
}

const ENCODING_ONNX: u32 = 1;
const TARGET_CPU: u32 = 0;

/** A loaded model; handles live until the call ends. */
export class Graph {
  constructor(public readonly handle: u32) {}

  /** Loads the model whose serialized ONNX bytes have this SHA-256 (32 bytes); pins the exact model. */
  static loadByHash(sha256: Uint8Array): Graph {
    const result = new Uint32Array(1);
    check(Graph.tryLoadByHash(sha256, result), "load");
    return new Graph(result[0]);
  }

  /** As loadByHash, but returns the errno; on success the handle is in `handleOut[0]`. */
  static tryLoadByHash(sha256: Uint8Array, handleOut: Uint32Array): u32 {
    const builder = new Uint32Array(2);
    builder[0] = <u32>sha256.dataStart;
    builder[1] = <u32>sha256.length;
    return host.nn_load(builder.dataStart, 1, ENCODING_ONNX, TARGET_CPU, handleOut.dataStart);
  }

  /** Loads the model a registered name points at when the call executes. */
  static loadByName(name: string): Graph {
    const result = new Uint32Array(1);
    check(Graph.tryLoadByName(name, result), "load_by_name");
    return new Graph(result[0]);
  }

  static tryLoadByName(name: string, handleOut: Uint32Array): u32 {
    const utf8 = String.UTF8.encode(name);
    return host.nn_load_by_name(changetype<usize>(utf8), <u32>utf8.byteLength, handleOut.dataStart);
  }

  /** A fresh execution context on this model. */
  context(): ExecutionContext {
    const result = new Uint32Array(1);
    check(host.nn_init_execution_context(this.handle, result.dataStart), "init_execution_context");
    return new ExecutionContext(result[0]);
  }
}

export class ExecutionContext {
  constructor(public readonly handle: u32) {}

  /** Sets input `index` to a tensor of `type` with `dims`, `data` its elements row-major little-endian. */
  setInput(index: u32, type: TensorType, dims: Array<u32>, data: Uint8Array): void {
    const dimsBuf = new Uint32Array(dims.length);
    for (let i = 0; i < dims.length; i++) dimsBuf[i] = dims[i];
    const tensor = new Uint8Array(20);
    const t = tensor.dataStart;
    store<u32>(t, <u32>dimsBuf.dataStart);
    store<u32>(t + 4, <u32>dims.length);
    store<u8>(t + 8, <u8>type);
    store<u32>(t + 12, <u32>data.dataStart);
    store<u32>(t + 16, <u32>data.length);
    check(host.nn_set_input(this.handle, index, t), "set_input");
  }

  setInputF32(index: u32, dims: Array<u32>, values: Float32Array): void {
    this.setInput(index, TensorType.F32, dims, Uint8Array.wrap(values.buffer, values.byteOffset, values.byteLength));
  }

  /** Runs the model on the inputs set; the call pays the model's inference fuel before it starts. */
  compute(): void {
    check(host.nn_compute(this.handle), "compute");
  }

  /** Output `index` as raw bytes; a first buffer that is too small is replaced by one of the exact size. */
  getOutput(index: u32, expectedBytes: u32 = 1024): Uint8Array {
    let out = new Uint8Array(expectedBytes);
    const written = new Uint32Array(1);
    let errno = host.nn_get_output(this.handle, index, out.dataStart, out.length, written.dataStart);
    if (errno == NnErrno.TOO_LARGE && written[0] > <u32>out.length) {
      out = new Uint8Array(written[0]);
      errno = host.nn_get_output(this.handle, index, out.dataStart, out.length, written.dataStart);
    }
    check(errno, "get_output");
    return out.subarray(0, written[0]);
  }

  getOutputF32(index: u32, expectedElements: u32 = 256): Float32Array {
    const raw = this.getOutput(index, expectedElements * 4);
    const out = new Float32Array(raw.length >> 2);
    memory.copy(out.dataStart, raw.dataStart, out.byteLength);
    return out;
  }
}
