;; Leaky ReLU and its gradient in one pass each, on the heap: y = x > 0 ? x : x·alpha, and
;; dx = x > 0 ? dy : dy·alpha. The same bits as leakyRelu.ts's x·step(x) and dy·step(x) (a
;; product with 1 is exact), without the step tensor in between. ReLU is max(x, 0), and its
;; gradient the leaky one with alpha 0 (tfjs's dy·step(x) exactly: dy·0 where x ≤ 0).
;;
;; Pointers are byte addresses; n counts floats. `MEMORY`: see watVariants.ts.
(module
  (import "env" "memory" (memory MEMORY))

  ;; out = x > 0 ? v : v·alpha, with v = x ($d = 0) or v = d (the gradient's dy).
  (func $select (param $x i32) (param $d i32) (param $n i32) (param $alpha f32) (param $out i32)
    (local $end i32) (local $vecEnd i32) (local $a v128) (local $xv v128) (local $v v128) (local $xs f32) (local $s f32)
    (local.set $a (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $x) (local.get $vecEnd)))
        (local.set $xv (v128.load (local.get $x)))
        (local.set $v (if (result v128) (local.get $d) (then (v128.load (local.get $d))) (else (local.get $xv))))
        (v128.store (local.get $out)
          (v128.bitselect (local.get $v) (f32x4.mul (local.get $v) (local.get $a)) (f32x4.gt (local.get $xv) (v128.const f32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (if (local.get $d) (then (local.set $d (i32.add (local.get $d) (i32.const 16)))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $scalar
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $xs (f32.load (local.get $x)))
        (local.set $s (if (result f32) (local.get $d) (then (f32.load (local.get $d))) (else (local.get $xs))))
        (f32.store (local.get $out)
          (select (local.get $s) (f32.mul (local.get $s) (local.get $alpha)) (f32.gt (local.get $xs) (f32.const 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (if (local.get $d) (then (local.set $d (i32.add (local.get $d) (i32.const 4)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $scalar))))

  (func (export "leaky_relu") (param $x i32) (param $n i32) (param $alpha f32) (param $y i32)
    (call $select (local.get $x) (i32.const 0) (local.get $n) (local.get $alpha) (local.get $y)))

  (func (export "leaky_relu_grad") (param $x i32) (param $dy i32) (param $n i32) (param $alpha f32) (param $dx i32)
    (call $select (local.get $x) (local.get $dy) (local.get $n) (local.get $alpha) (local.get $dx)))

  (func (export "relu") (param $x i32) (param $n i32) (param $y i32)
    (local $end i32) (local $vecEnd i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $x) (local.get $vecEnd)))
        (v128.store (local.get $y) (f32x4.max (v128.load (local.get $x)) (v128.const f32x4 0 0 0 0)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $scalar
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $y) (f32.max (f32.load (local.get $x)) (f32.const 0)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $scalar)))))
