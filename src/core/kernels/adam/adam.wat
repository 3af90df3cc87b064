;; One Adam update of a variable, in place, in one pass over its memory: the same float32
;; operations in the same order as Adam.apply's tfjs ops (adam.ts), so the same bits, in place of
;; twelve element-wise kernels and three assignments per variable.
;;
;;   m = m·b1 + g·b1c;  v = v·b2 + g²·b2c;  w = w + (m / (sqrt(v·invC2) + eps))·step
;;
;; Pointers are byte addresses; n counts floats. `MEMORY` is written by the build (watVariants.ts).
(module
  (import "env" "memory" (memory MEMORY))

  (func (export "adam")
    (param $w i32) (param $m i32) (param $v i32) (param $g i32) (param $n i32)
    (param $b1 f32) (param $b1c f32) (param $b2 f32) (param $b2c f32) (param $step f32) (param $invC2 f32) (param $eps f32)
    (local $end i32) (local $vecEnd i32)
    (local $B1 v128) (local $B1C v128) (local $B2 v128) (local $B2C v128) (local $STEP v128) (local $INV v128) (local $EPS v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $B1C (f32x4.splat (local.get $b1c)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $B2C (f32x4.splat (local.get $b2c)))
    (local.set $STEP (f32x4.splat (local.get $step)))
    (local.set $INV (f32x4.splat (local.get $invC2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $w) (local.get $vecEnd)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $mv (f32x4.add (f32x4.mul (v128.load (local.get $m)) (local.get $B1)) (f32x4.mul (local.get $gv) (local.get $B1C))))
        (local.set $vv (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $B2)) (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $B2C))))
        (v128.store (local.get $m) (local.get $mv))
        (v128.store (local.get $v) (local.get $vv))
        (v128.store (local.get $w)
          (f32x4.add (v128.load (local.get $w))
            (f32x4.mul
              (f32x4.div (local.get $mv) (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vv) (local.get $INV))) (local.get $EPS)))
              (local.get $STEP))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $vec)))
    (block $done
      (loop $scalar
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $gs (f32.load (local.get $g)))
        (local.set $ms (f32.add (f32.mul (f32.load (local.get $m)) (local.get $b1)) (f32.mul (local.get $gs) (local.get $b1c))))
        (local.set $vs (f32.add (f32.mul (f32.load (local.get $v)) (local.get $b2)) (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $b2c))))
        (f32.store (local.get $m) (local.get $ms))
        (f32.store (local.get $v) (local.get $vs))
        (f32.store (local.get $w)
          (f32.add (f32.load (local.get $w))
            (f32.mul
              (f32.div (local.get $ms) (f32.add (f32.sqrt (f32.mul (local.get $vs) (local.get $invC2))) (local.get $eps)))
              (local.get $step))))
        (local.set $w (i32.add (local.get $w) (i32.const 4)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $scalar)))))
