// The host ABI, version 1: every import of module "lockstep" with exactly the signature the VM admits.
// Pointers and lengths are i32 on the wire and unsigned to the host.

@external("lockstep", "storage_read")
export declare function storage_read(keyPtr: usize, keyLen: u32, outPtr: usize, outCap: u32): i32;

@external("lockstep", "storage_write")
export declare function storage_write(keyPtr: usize, keyLen: u32, valPtr: usize, valLen: u32): void;

@external("lockstep", "storage_remove")
export declare function storage_remove(keyPtr: usize, keyLen: u32): void;

@external("lockstep", "input_size")
export declare function input_size(): u32;

@external("lockstep", "input_copy")
export declare function input_copy(outPtr: usize, offset: u32, len: u32): void;

@external("lockstep", "set_return")
export declare function set_return(ptr: usize, len: u32): void;

@external("lockstep", "caller")
export declare function caller(outPtr: usize): void;

@external("lockstep", "self_address")
export declare function self_address(outPtr: usize): void;

@external("lockstep", "value")
export declare function value(outPtr: usize): void;

@external("lockstep", "block_height")
export declare function block_height(): i64;

@external("lockstep", "block_time")
export declare function block_time(): i64;

@external("lockstep", "emit_log")
export declare function emit_log(topicsPtr: usize, topicCount: u32, dataPtr: usize, dataLen: u32): void;

@external("lockstep", "revert")
export declare function revert(ptr: usize, len: u32): void;

@external("lockstep", "fuel_left")
export declare function fuel_left(): i64;

// WASI-NN (witx ABI): every parameter and result is i32; results go through out-pointers.

@external("wasi_ephemeral_nn", "load")
export declare function nn_load(buildersPtr: usize, buildersLen: u32, encoding: u32, target: u32, graphOut: usize): u32;

@external("wasi_ephemeral_nn", "load_by_name")
export declare function nn_load_by_name(namePtr: usize, nameLen: u32, graphOut: usize): u32;

@external("wasi_ephemeral_nn", "init_execution_context")
export declare function nn_init_execution_context(graph: u32, ctxOut: usize): u32;

@external("wasi_ephemeral_nn", "set_input")
export declare function nn_set_input(ctx: u32, index: u32, tensorPtr: usize): u32;

@external("wasi_ephemeral_nn", "compute")
export declare function nn_compute(ctx: u32): u32;

@external("wasi_ephemeral_nn", "get_output")
export declare function nn_get_output(ctx: u32, index: u32, outPtr: usize, outMaxLen: u32, writtenOut: usize): u32;
