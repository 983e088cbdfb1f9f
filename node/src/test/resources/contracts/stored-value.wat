;; A contract with a constructor, for the deploy tests. The constructor takes one ABI-encoded uint256:
;;   0: reverts with Error("value must be positive")
;;   1: traps (unreachable)
;;   2: loops until the gas runs out
;;   otherwise: stores it under "value" and the deployer under "owner", and logs it as the log's one topic
;; Any call returns the stored value as a uint256. The module ends with the empty custom section
;; lockstep.end (appended by the tests), after which a deploy carries the constructor arguments.
(module
  (import "lockstep" "storage_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "lockstep" "storage_write" (func $write (param i32 i32 i32 i32)))
  (import "lockstep" "input_size" (func $input_size (result i32)))
  (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "lockstep" "set_return" (func $return (param i32 i32)))
  (import "lockstep" "caller" (func $caller (param i32)))
  (import "lockstep" "emit_log" (func $log (param i32 i32 i32 i32)))
  (import "lockstep" "revert" (func $revert (param i32 i32)))
  (memory 1)
  (data (i32.const 0) "value")
  (data (i32.const 8) "owner")
  ;; Error("value must be positive"), as Solidity encodes a revert reason
  (data (i32.const 256)
    "\08\c3\79\a0"
    "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\20"
    "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\16"
    "value must be positive" "\00\00\00\00\00\00\00\00\00\00")
  ;; whether the argument at 64..96 is the small number whose last eight big-endian bytes load as $v
  (func $is (param $v i64) (result i32)
    (i32.and
      (i64.eqz
        (i64.or (i64.or (i64.load (i32.const 64)) (i64.load (i32.const 72))) (i64.load (i32.const 80))))
      (i64.eq (i64.load (i32.const 88)) (local.get $v))))
  (func (export "deploy")
    (if (i32.ne (call $input_size) (i32.const 32)) (then (unreachable)))
    (call $input_copy (i32.const 64) (i32.const 0) (i32.const 32))
    (if (call $is (i64.const 0)) (then (call $revert (i32.const 256) (i32.const 100))))
    (if (call $is (i64.const 0x0100000000000000)) (then (unreachable)))
    (if (call $is (i64.const 0x0200000000000000)) (then (loop $forever (br $forever))))
    (call $write (i32.const 0) (i32.const 5) (i32.const 64) (i32.const 32))
    (call $caller (i32.const 128))
    (call $write (i32.const 8) (i32.const 5) (i32.const 128) (i32.const 20))
    (call $log (i32.const 64) (i32.const 1) (i32.const 0) (i32.const 0)))
  (func (export "call")
    (drop (call $read (i32.const 0) (i32.const 5) (i32.const 64) (i32.const 32)))
    (call $return (i32.const 64) (i32.const 32))))
