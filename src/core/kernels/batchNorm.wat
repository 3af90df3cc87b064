;; Batch normalisation in training mode over a row-major [rows × cols] view (cols = channels),
;; forward and backward, each in a few passes over the activations instead of a dozen tfjs
;; element-wise kernels. Same float32 operations in the same order as batchNormTraining's tfjs
;; ops (trainingLayers.ts), so the same bits where those ops take their statistics from our
;; leading-axes Sum/Mean, which is this module's column_sums (one implementation of the
;; channel sums: float64, row by row).
;;
;; Forward:  mean = Σx/n;  var = Σ(x−mean)²/n;  inv = 1/sqrt(var+eps);  a = gamma·inv;
;;           y = x·a + (beta − mean·a)
;; Backward: xhat = (x−mean)·inv;  dBeta = Σdy;  dGamma = Σ dy·xhat;
;;           dx = dy·a − (xhat·(a·(dGamma/n)) + a·(dBeta/n))
;;
;; Scratch $s: 2·cols float64 then 2·cols float32. Pointers are byte addresses. `MEMORY`: see
;; watVariants.ts.
(module
  (import "env" "memory" (memory MEMORY))

  ;; Per column c: f64 at $acc += f64(v) where v = x (mode 0) or (x − m[c])² in f32 (mode 1).
  (func $sums (param $x i32) (param $rows i32) (param $cols i32) (param $m i32) (param $acc i32) (param $mode i32)
    (local $r i32) (local $c i32) (local $a i32) (local $mm i32) (local $vecCols i32) (local $v v128) (local $s f32)
    (memory.fill (local.get $acc) (i32.const 0) (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $vecCols (i32.and (local.get $cols) (i32.const -4)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a (local.get $acc))
        (local.set $mm (local.get $m))
        (local.set $c (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $c) (local.get $vecCols)))
            (local.set $v (v128.load (local.get $x)))
            (if (local.get $mode)
              (then
                (local.set $v (f32x4.sub (local.get $v) (v128.load (local.get $mm))))
                (local.set $v (f32x4.mul (local.get $v) (local.get $v)))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $v))))
            (v128.store offset=16 (local.get $a)
              (f64x2.add (v128.load offset=16 (local.get $a))
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $mm (i32.add (local.get $mm) (i32.const 16)))
            (local.set $a (i32.add (local.get $a) (i32.const 32)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cols)))
            (local.set $s (f32.load (local.get $x)))
            (if (local.get $mode)
              (then
                (local.set $s (f32.sub (local.get $s) (f32.load (local.get $mm))))
                (local.set $s (f32.mul (local.get $s) (local.get $s)))))
            (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.promote_f32 (local.get $s))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $mm (i32.add (local.get $mm) (i32.const 4)))
            (local.set $a (i32.add (local.get $a) (i32.const 8)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; out[c] = f32(acc[c] · scale)
  (func $finish (param $acc i32) (param $cols i32) (param $scale f64) (param $out i32)
    (local $c i32)
    (block $done
      (loop $col
        (br_if $done (i32.ge_u (local.get $c) (local.get $cols)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.mul (f64.load (local.get $acc)) (local.get $scale))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $col))))

  ;; out = x·p + q per column (p, q: cols f32), or, with $d ≠ 0, out = d·p − (((x − m)·inv)·q + k)
  ;; (the input gradient: x = the layer's input, $d = dy).
  (func $rows (param $x i32) (param $d i32) (param $rows i32) (param $cols i32) (param $p i32) (param $q i32)
    (param $m i32) (param $inv i32) (param $k i32) (param $out i32)
    (local $r i32) (local $c i32) (local $vecCols i32) (local $o i32) (local $v v128) (local $xh v128) (local $s f32) (local $xs f32)
    (local.set $vecCols (i32.and (local.get $cols) (i32.const -4)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $c) (local.get $vecCols)))
            (local.set $o (i32.shl (local.get $c) (i32.const 2)))
            (if (local.get $d)
              (then
                (local.set $xh (f32x4.mul (f32x4.sub (v128.load (local.get $x)) (v128.load (i32.add (local.get $m) (local.get $o)))) (v128.load (i32.add (local.get $inv) (local.get $o)))))
                (local.set $v
                  (f32x4.sub
                    (f32x4.mul (v128.load (local.get $d)) (v128.load (i32.add (local.get $p) (local.get $o))))
                    (f32x4.add (f32x4.mul (local.get $xh) (v128.load (i32.add (local.get $q) (local.get $o)))) (v128.load (i32.add (local.get $k) (local.get $o))))))
                (local.set $d (i32.add (local.get $d) (i32.const 16))))
              (else
                (local.set $v (f32x4.add (f32x4.mul (v128.load (local.get $x)) (v128.load (i32.add (local.get $p) (local.get $o)))) (v128.load (i32.add (local.get $q) (local.get $o)))))))
            (v128.store (local.get $out) (local.get $v))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cols)))
            (local.set $o (i32.shl (local.get $c) (i32.const 2)))
            (if (local.get $d)
              (then
                (local.set $xs (f32.mul (f32.sub (f32.load (local.get $x)) (f32.load (i32.add (local.get $m) (local.get $o)))) (f32.load (i32.add (local.get $inv) (local.get $o)))))
                (local.set $s
                  (f32.sub
                    (f32.mul (f32.load (local.get $d)) (f32.load (i32.add (local.get $p) (local.get $o))))
                    (f32.add (f32.mul (local.get $xs) (f32.load (i32.add (local.get $q) (local.get $o)))) (f32.load (i32.add (local.get $k) (local.get $o))))))
                (local.set $d (i32.add (local.get $d) (i32.const 4))))
              (else
                (local.set $s (f32.add (f32.mul (f32.load (local.get $x)) (f32.load (i32.add (local.get $p) (local.get $o)))) (f32.load (i32.add (local.get $q) (local.get $o)))))))
            (f32.store (local.get $out) (local.get $s))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; Column sums of $src (rows × cols) times $scale, as float32: the leading-axes Sum and Mean
  ;; (leadingAxesReduce.ts). $acc: cols float64 of scratch.
  (func (export "column_sums") (param $src i32) (param $rows i32) (param $cols i32) (param $acc i32) (param $out i32) (param $scale f64)
    (call $sums (local.get $src) (local.get $rows) (local.get $cols) (i32.const 0) (local.get $acc) (i32.const 0))
    (call $finish (local.get $acc) (local.get $cols) (local.get $scale) (local.get $out)))

  (func (export "bn_forward")
    (param $x i32) (param $rows i32) (param $cols i32) (param $gamma i32) (param $beta i32) (param $eps f32)
    (param $y i32) (param $mean i32) (param $variance i32) (param $inv i32) (param $a i32) (param $s i32)
    (local $c i32) (local $o i32) (local $shift i32) (local $iv f32) (local $av f32)
    (call $sums (local.get $x) (local.get $rows) (local.get $cols) (i32.const 0) (local.get $s) (i32.const 0))
    (call $finish (local.get $s) (local.get $cols) (f64.div (f64.const 1) (f64.convert_i32_u (local.get $rows))) (local.get $mean))
    (call $sums (local.get $x) (local.get $rows) (local.get $cols) (local.get $mean) (local.get $s) (i32.const 1))
    (call $finish (local.get $s) (local.get $cols) (f64.div (f64.const 1) (f64.convert_i32_u (local.get $rows))) (local.get $variance))
    (local.set $shift (i32.add (local.get $s) (i32.shl (local.get $cols) (i32.const 4))))
    (block $done
      (loop $col
        (br_if $done (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $o (i32.shl (local.get $c) (i32.const 2)))
        (local.set $iv (f32.div (f32.const 1) (f32.sqrt (f32.add (f32.load (i32.add (local.get $variance) (local.get $o))) (local.get $eps)))))
        (local.set $av (f32.mul (f32.load (i32.add (local.get $gamma) (local.get $o))) (local.get $iv)))
        (f32.store (i32.add (local.get $inv) (local.get $o)) (local.get $iv))
        (f32.store (i32.add (local.get $a) (local.get $o)) (local.get $av))
        (f32.store (i32.add (local.get $shift) (local.get $o))
          (f32.sub (f32.load (i32.add (local.get $beta) (local.get $o))) (f32.mul (f32.load (i32.add (local.get $mean) (local.get $o))) (local.get $av))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $col)))
    (call $rows (local.get $x) (i32.const 0) (local.get $rows) (local.get $cols) (local.get $a) (local.get $shift) (i32.const 0) (i32.const 0) (i32.const 0) (local.get $y)))

  (func (export "bn_backward")
    (param $dy i32) (param $x i32) (param $rows i32) (param $cols i32) (param $mean i32) (param $inv i32) (param $a i32)
    (param $dx i32) (param $dGamma i32) (param $dBeta i32) (param $s i32)
    (local $r i32) (local $c i32) (local $o i32) (local $accB i32) (local $accG i32) (local $k1 i32) (local $k2 i32)
    (local $vecCols i32) (local $xp i32) (local $dp i32) (local $pB i32) (local $pG i32) (local $v v128) (local $d v128)
    (local $xs f32) (local $ds f32) (local $n f32)
    (local.set $accB (local.get $s))
    (local.set $accG (i32.add (local.get $s) (i32.shl (local.get $cols) (i32.const 3))))
    (local.set $k1 (i32.add (local.get $s) (i32.shl (local.get $cols) (i32.const 4))))
    (local.set $k2 (i32.add (local.get $k1) (i32.shl (local.get $cols) (i32.const 2))))
    (memory.fill (local.get $accB) (i32.const 0) (i32.shl (local.get $cols) (i32.const 4)))
    (local.set $vecCols (i32.and (local.get $cols) (i32.const -4)))
    (local.set $xp (local.get $x))
    (local.set $dp (local.get $dy))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (local.set $pB (local.get $accB))
        (local.set $pG (local.get $accG))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $c) (local.get $vecCols)))
            (local.set $o (i32.shl (local.get $c) (i32.const 2)))
            (local.set $d (v128.load (local.get $dp)))
            ;; dy · xhat, xhat = (x − mean)·inv
            (local.set $v
              (f32x4.mul (local.get $d)
                (f32x4.mul (f32x4.sub (v128.load (local.get $xp)) (v128.load (i32.add (local.get $mean) (local.get $o)))) (v128.load (i32.add (local.get $inv) (local.get $o))))))
            (v128.store (local.get $pB) (f64x2.add (v128.load (local.get $pB)) (f64x2.promote_low_f32x4 (local.get $d))))
            (v128.store offset=16 (local.get $pB)
              (f64x2.add (v128.load offset=16 (local.get $pB)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $d) (local.get $d)))))
            (v128.store (local.get $pG) (f64x2.add (v128.load (local.get $pG)) (f64x2.promote_low_f32x4 (local.get $v))))
            (v128.store offset=16 (local.get $pG)
              (f64x2.add (v128.load offset=16 (local.get $pG)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
            (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
            (local.set $dp (i32.add (local.get $dp) (i32.const 16)))
            (local.set $pB (i32.add (local.get $pB) (i32.const 32)))
            (local.set $pG (i32.add (local.get $pG) (i32.const 32)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cols)))
            (local.set $o (i32.shl (local.get $c) (i32.const 2)))
            (local.set $ds (f32.load (local.get $dp)))
            (local.set $xs (f32.mul (local.get $ds)
              (f32.mul (f32.sub (f32.load (local.get $xp)) (f32.load (i32.add (local.get $mean) (local.get $o)))) (f32.load (i32.add (local.get $inv) (local.get $o))))))
            (f64.store (local.get $pB) (f64.add (f64.load (local.get $pB)) (f64.promote_f32 (local.get $ds))))
            (f64.store (local.get $pG) (f64.add (f64.load (local.get $pG)) (f64.promote_f32 (local.get $xs))))
            (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
            (local.set $dp (i32.add (local.get $dp) (i32.const 4)))
            (local.set $pB (i32.add (local.get $pB) (i32.const 8)))
            (local.set $pG (i32.add (local.get $pG) (i32.const 8)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row)))
    (call $finish (local.get $accB) (local.get $cols) (f64.const 1) (local.get $dBeta))
    (call $finish (local.get $accG) (local.get $cols) (f64.const 1) (local.get $dGamma))
    (local.set $n (f32.convert_i32_u (local.get $rows)))
    (local.set $c (i32.const 0))
    (block $done
      (loop $col
        (br_if $done (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $o (i32.shl (local.get $c) (i32.const 2)))
        (f32.store (i32.add (local.get $k1) (local.get $o))
          (f32.mul (f32.load (i32.add (local.get $a) (local.get $o))) (f32.div (f32.load (i32.add (local.get $dGamma) (local.get $o))) (local.get $n))))
        (f32.store (i32.add (local.get $k2) (local.get $o))
          (f32.mul (f32.load (i32.add (local.get $a) (local.get $o))) (f32.div (f32.load (i32.add (local.get $dBeta) (local.get $o))) (local.get $n))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $col)))
    (call $rows (local.get $x) (local.get $dy) (local.get $rows) (local.get $cols) (local.get $a) (local.get $k1) (local.get $mean) (local.get $inv) (local.get $k2) (local.get $dx))))
