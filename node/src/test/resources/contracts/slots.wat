;; A contract for the JSON-RPC tests of storage slots and logs. The first input byte picks what it does:
;;   1: store input[33..] under the 32-byte key input[1..33), as an Ethereum storage slot
;;   2: emit n logs, n = input[1] * 256 + input[2], each with the one topic input[3..35) and no data
(module
  (import "lockstep" "storage_write" (func $write (param i32 i32 i32 i32)))
  (import "lockstep" "input_size" (func $input_size (result i32)))
  (import "lockstep" "input_copy" (func $input_copy (param i32 i32 i32)))
  (import "lockstep" "emit_log" (func $log (param i32 i32 i32 i32)))
  (memory 1)
  (func (export "call") (local $n i32) (local $left i32)
    (local.set $n (call $input_size))
    (if (i32.gt_u (local.get $n) (i32.const 4096)) (then (unreachable)))
    (call $input_copy (i32.const 0) (i32.const 0) (local.get $n))
    (if (i32.and (i32.eq (i32.load8_u (i32.const 0)) (i32.const 1)) (i32.ge_u (local.get $n) (i32.const 33)))
      (then
        (call $write (i32.const 1) (i32.const 32) (i32.const 33) (i32.sub (local.get $n) (i32.const 33)))
        (return)))
    (if (i32.and (i32.eq (i32.load8_u (i32.const 0)) (i32.const 2)) (i32.ge_u (local.get $n) (i32.const 35)))
      (then
        (local.set $left
          (i32.or (i32.shl (i32.load8_u (i32.const 1)) (i32.const 8)) (i32.load8_u (i32.const 2))))
        (block $done
          (loop $next
            (br_if $done (i32.eqz (local.get $left)))
            (call $log (i32.const 3) (i32.const 1) (i32.const 0) (i32.const 0))
            (local.set $left (i32.sub (local.get $left) (i32.const 1)))
            (br $next)))
        (return)))
    (unreachable)))
