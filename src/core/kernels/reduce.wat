;; Column sums of a row-major [rows × cols] float32 matrix, accumulated in float64 (two lanes per
;; vector), then scaled and rounded to float32: leadingAxesReduce.ts's Sum and Mean, which a
;; batch-norm layer and every bias gradient run over whole activations.
;;
;; $acc: cols float64 of scratch. Pointers are byte addresses. `MEMORY`: see watVariants.ts.
(module
  (import "env" "memory" (memory MEMORY))

  (func (export "column_sums") (param $src i32) (param $rows i32) (param $cols i32) (param $acc i32) (param $out i32) (param $scale f64)
    (local $r i32) (local $c i32) (local $a i32) (local $vecCols i32) (local $v v128)
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $vecCols (i32.and (local.get $cols) (i32.const -4)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a (local.get $acc))
        (local.set $c (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $c) (local.get $vecCols)))
            (local.set $v (v128.load (local.get $src)))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $v))))
            (v128.store offset=16 (local.get $a)
              (f64x2.add (v128.load offset=16 (local.get $a))
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $a (i32.add (local.get $a) (i32.const 32)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.promote_f32 (f32.load (local.get $src)))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $a (i32.add (local.get $a) (i32.const 8)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row)))
    (local.set $c (i32.const 0))
    (block $done
      (loop $write
        (br_if $done (i32.ge_u (local.get $c) (local.get $cols)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.mul (f64.load (local.get $acc)) (local.get $scale))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $write)))))
