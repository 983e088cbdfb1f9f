;; Fibonacci numbers, computed iteratively: fib(0) = 0, fib(1) = 1, fib(90) = 2880067194370816120.
;; The binary fib.wasm is built from this file with: wat2wasm fib.wat -o fib.wasm
(module
  (func (export "fib") (param $n i64) (result i64)
    (local $a i64) (local $b i64) (local $next i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $step
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $next (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $next))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $step)))
    (local.get $a)))
