;; A contract that runs inference: it loads the model registered under the name "relu" (one float32
;; input and output of shape [1, 4]), runs it on the call's 16 input bytes (four little-endian float32)
;; and returns the output's 16 bytes. A failing WASI-NN function reverts with its errno as one byte.
(module
  (import "lockstep" "input_size" (func $input_size (result i32)))
  (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "lockstep" "set_return" (func $return (param i32 i32)))
  (import "lockstep" "revert" (func $revert (param i32 i32)))
  (import "wasi_ephemeral_nn" "load_by_name" (func $load_by_name (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "init_execution_context" (func $init (param i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "set_input" (func $set_input (param i32 i32 i32) (result i32)))
  (import "wasi_ephemeral_nn" "compute" (func $compute (param i32) (result i32)))
  (import "wasi_ephemeral_nn" "get_output" (func $get_output (param i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  ;; the model's name
  (data (i32.const 0) "relu")
  ;; dims [1, 4]
  (data (i32.const 16) "\01\00\00\00\04\00\00\00")
  ;; tensor: dims at 16, 2 dims, type f32, data at 64, 16 bytes
  (data (i32.const 32) "\10\00\00\00\02\00\00\00\01\00\00\00\40\00\00\00\10\00\00\00")
  (func $check (param $errno i32)
    (if (local.get $errno)
      (then
        (i32.store8 (i32.const 200) (local.get $errno))
        (call $revert (i32.const 200) (i32.const 1)))))
  (func (export "call")
    (if (i32.ne (call $input_size) (i32.const 16))
      (then (call $revert (i32.const 0) (i32.const 0))))
    (call $input_copy (i32.const 64) (i32.const 0) (i32.const 16))
    (call $check (call $load_by_name (i32.const 0) (i32.const 4) (i32.const 256)))
    (call $check (call $init (i32.load (i32.const 256)) (i32.const 260)))
    (call $check (call $set_input (i32.load (i32.const 260)) (i32.const 0) (i32.const 32)))
    (call $check (call $compute (i32.load (i32.const 260))))
    (call $check
      (call $get_output (i32.load (i32.const 260)) (i32.const 0) (i32.const 128) (i32.const 16) (i32.const 144)))
    (call $return (i32.const 128) (i32.const 16))))
