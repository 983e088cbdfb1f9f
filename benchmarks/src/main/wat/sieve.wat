;; Sieve of Eratosthenes over a 4 MiB byte array: clears it with 8-byte stores, strikes out composites
;; with strided byte stores, then counts the primes below 2^22 with byte loads.
(module
  (memory 64)
  (func (export "init"))
  (func (export "run") (result i32)
    (local $p i32) (local $i i32) (local $j i32) (local $count i32)
    (loop $clear
      (i64.store (local.get $p) (i64.const 0))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $clear (i32.lt_u (local.get $p) (i32.const 4194304))))
    (local.set $i (i32.const 2))
    (loop $outer
      (if (i32.eqz (i32.load8_u (local.get $i)))
        (then
          (local.set $j (i32.mul (local.get $i) (local.get $i)))
          (block $done
            (loop $strike
              (br_if $done (i32.ge_u (local.get $j) (i32.const 4194304)))
              (i32.store8 (local.get $j) (i32.const 1))
              (local.set $j (i32.add (local.get $j) (local.get $i)))
              (br $strike)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $outer (i32.lt_u (i32.mul (local.get $i) (local.get $i)) (i32.const 4194304))))
    (local.set $i (i32.const 2))
    (loop $tally
      (local.set $count (i32.add (local.get $count) (i32.eqz (i32.load8_u (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $tally (i32.lt_u (local.get $i) (i32.const 4194304))))
    (local.get $count)))
