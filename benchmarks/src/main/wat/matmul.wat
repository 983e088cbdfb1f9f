;; f32 matrix multiply C = A x B, 128 x 128, row-major. The entries are small multiples of 1/32, so
;; every product and sum is exact and the checksum is the same on every engine.
(module
  (memory 3)
  (global $n i32 (i32.const 128))
  ;; A at 0, B at 65536, C at 131072
  (func (export "init")
    (local $i i32) (local $j i32)
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $cols
        (f32.store
          (i32.shl (i32.add (i32.mul (local.get $i) (global.get $n)) (local.get $j)) (i32.const 2))
          (f32.mul
            (f32.convert_i32_s
              (i32.sub (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 7)) (i32.mul (local.get $j) (i32.const 3)))
                                  (i32.const 17))
                       (i32.const 8)))
            (f32.const 0.125)))
        (f32.store offset=65536
          (i32.shl (i32.add (i32.mul (local.get $i) (global.get $n)) (local.get $j)) (i32.const 2))
          (f32.mul
            (f32.convert_i32_s
              (i32.sub (i32.rem_u (i32.add (i32.mul (local.get $i) (i32.const 5)) (i32.mul (local.get $j) (i32.const 11)))
                                  (i32.const 13))
                       (i32.const 6)))
            (f32.const 0.25)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $j) (global.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $i) (global.get $n)))))
  (func (export "run") (result f64)
    (local $i i32) (local $j i32) (local $k i32) (local $sum f32) (local $check f64)
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $cols
        (local.set $sum (f32.const 0))
        (local.set $k (i32.const 0))
        (loop $inner
          (local.set $sum
            (f32.add (local.get $sum)
              (f32.mul
                (f32.load (i32.shl (i32.add (i32.mul (local.get $i) (global.get $n)) (local.get $k)) (i32.const 2)))
                (f32.load offset=65536
                  (i32.shl (i32.add (i32.mul (local.get $k) (global.get $n)) (local.get $j)) (i32.const 2))))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $k) (global.get $n))))
        (f32.store offset=131072
          (i32.shl (i32.add (i32.mul (local.get $i) (global.get $n)) (local.get $j)) (i32.const 2))
          (local.get $sum))
        (local.set $check (f64.add (local.get $check) (f64.promote_f32 (local.get $sum))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $j) (global.get $n))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $i) (global.get $n))))
    (local.get $check)))
