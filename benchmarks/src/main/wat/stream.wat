;; Streaming read-modify-write over 8 MiB of i32 words: each pass loads, mixes and stores every word
;; and returns a sum of what it stored. Passes change the memory, so only a first pass after init is
;; comparable between engines.
(module
  (memory 128)
  (func (export "init")
    (local $p i32)
    (loop $fill
      (i32.store (local.get $p) (i32.mul (local.get $p) (i32.const 0x9E3779B1)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $fill (i32.lt_u (local.get $p) (i32.const 8388608)))))
  (func (export "run") (result i32)
    (local $p i32) (local $x i32) (local $sum i32)
    (loop $pass
      (local.set $x (i32.load (local.get $p)))
      (local.set $x
        (i32.add
          (i32.mul (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 13))) (i32.const 0x5BD1E995))
          (i32.const 1)))
      (i32.store (local.get $p) (local.get $x))
      (local.set $sum (i32.add (local.get $sum) (local.get $x)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $pass (i32.lt_u (local.get $p) (i32.const 8388608))))
    (local.get $sum)))
