;; Single-precision matrix products for training's convolutions, in WebAssembly SIMD.
;;
;; C (+)= A·B with A row-major (lda floats per row) and B packed in panels of 8 columns
;; ($pack_b): panel j holds columns 8j..8j+7 of every row of B, 8 floats per row, zero past the
;; last column, so a micro-tile reads its B values as two vector loads. Tiles are 4 rows × 8
;; columns: 8 vector accumulators, enough independent chains to hide the multiply-add latency,
;; and few enough registers that V8 keeps them all in xmm registers (5- and 6-row tiles made it
;; spill accumulators to the stack and ran slower, measured).
;;
;; The pseudo-instruction f32x4.madd (operands a, b, c: a·b + c) is not WebAssembly: the build
;; (watVariants.ts) writes it as relaxed SIMD's fused multiply-add where the engine has relaxed
;; SIMD, else as a multiply and an add. The fused form rounds once, so the two builds may differ
;; in the last bit.
;;
;; Pointers are byte addresses; counts are floats. `MEMORY` is the import's limits (the build
;; writes it: shared memory where threads share the heap).
(module
  (import "env" "memory" (memory MEMORY))

  ;; One 4×8 tile: C[0..4, 0..8] (+)= A[0..4, 0..k] · Bpanel[0..k, 0..8]. $ldaB and $ldcB are
  ;; row strides in bytes; k ≥ 1.
  (func $tile (param $a i32) (param $ldaB i32) (param $b i32) (param $c i32) (param $ldcB i32) (param $k i32) (param $acc i32)
    (local $end i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $x0 v128) (local $y0 v128) (local $x1 v128) (local $y1 v128) (local $x2 v128) (local $y2 v128) (local $x3 v128) (local $y3 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $ldaB)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $ldaB)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $ldaB)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
    (local.set $c0 (local.get $c))
    (local.set $c1 (i32.add (local.get $c0) (local.get $ldcB)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldcB)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldcB)))
    (if (local.get $acc)
      (then
        (local.set $x0 (v128.load (local.get $c0))) (local.set $y0 (v128.load offset=16 (local.get $c0)))
        (local.set $x1 (v128.load (local.get $c1))) (local.set $y1 (v128.load offset=16 (local.get $c1)))
        (local.set $x2 (v128.load (local.get $c2))) (local.set $y2 (v128.load offset=16 (local.get $c2)))
        (local.set $x3 (v128.load (local.get $c3))) (local.set $y3 (v128.load offset=16 (local.get $c3)))))
    (loop $k
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $s (v128.load32_splat (local.get $a)))
      (local.set $x0 (f32x4.madd (local.get $s) (local.get $b0) (local.get $x0)))
      (local.set $y0 (f32x4.madd (local.get $s) (local.get $b1) (local.get $y0)))
      (local.set $s (v128.load32_splat (local.get $a1)))
      (local.set $x1 (f32x4.madd (local.get $s) (local.get $b0) (local.get $x1)))
      (local.set $y1 (f32x4.madd (local.get $s) (local.get $b1) (local.get $y1)))
      (local.set $s (v128.load32_splat (local.get $a2)))
      (local.set $x2 (f32x4.madd (local.get $s) (local.get $b0) (local.get $x2)))
      (local.set $y2 (f32x4.madd (local.get $s) (local.get $b1) (local.get $y2)))
      (local.set $s (v128.load32_splat (local.get $a3)))
      (local.set $x3 (f32x4.madd (local.get $s) (local.get $b0) (local.get $x3)))
      (local.set $y3 (f32x4.madd (local.get $s) (local.get $b1) (local.get $y3)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $a1 (i32.add (local.get $a1) (i32.const 4)))
      (local.set $a2 (i32.add (local.get $a2) (i32.const 4)))
      (local.set $a3 (i32.add (local.get $a3) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $a) (local.get $end))))
    (v128.store (local.get $c0) (local.get $x0)) (v128.store offset=16 (local.get $c0) (local.get $y0))
    (v128.store (local.get $c1) (local.get $x1)) (v128.store offset=16 (local.get $c1) (local.get $y1))
    (v128.store (local.get $c2) (local.get $x2)) (v128.store offset=16 (local.get $c2) (local.get $y2))
    (v128.store (local.get $c3) (local.get $x3)) (v128.store offset=16 (local.get $c3) (local.get $y3)))

  ;; One 1×8 tile, for the rows left after the last whole 4-row tile.
  (func $tile1 (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $acc i32)
    (local $end i32) (local $x v128) (local $y v128) (local $s v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
    (if (local.get $acc)
      (then (local.set $x (v128.load (local.get $c))) (local.set $y (v128.load offset=16 (local.get $c)))))
    (loop $k
      (local.set $s (v128.load32_splat (local.get $a)))
      (local.set $x (f32x4.madd (local.get $s) (v128.load (local.get $b)) (local.get $x)))
      (local.set $y (f32x4.madd (local.get $s) (v128.load offset=16 (local.get $b)) (local.get $y)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $a) (local.get $end))))
    (v128.store (local.get $c) (local.get $x))
    (v128.store offset=16 (local.get $c) (local.get $y)))

  ;; Copies $cols (< 8) floats of $rows rows between C (row stride $ldcB) and an 8-float-wide
  ;; tile at $t; $toTile picks the direction. Entries past $cols in the tile are zeroed.
  (func $edge (param $c i32) (param $ldcB i32) (param $t i32) (param $rows i32) (param $cols i32) (param $toTile i32)
    (local $r i32) (local $j i32)
    (loop $row
      (if (local.get $toTile)
        (then
          (v128.store (local.get $t) (v128.const i32x4 0 0 0 0))
          (v128.store offset=16 (local.get $t) (v128.const i32x4 0 0 0 0))))
      (local.set $j (i32.const 0))
      (loop $col
        (if (local.get $toTile)
          (then (f32.store (i32.add (local.get $t) (i32.shl (local.get $j) (i32.const 2))) (f32.load (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))))
          (else (f32.store (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (f32.load (i32.add (local.get $t) (i32.shl (local.get $j) (i32.const 2)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $col (i32.lt_u (local.get $j) (local.get $cols))))
      (local.set $c (i32.add (local.get $c) (local.get $ldcB)))
      (local.set $t (i32.add (local.get $t) (i32.const 32)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $row (i32.lt_u (local.get $r) (local.get $rows)))))

  ;; C[m×n] (+)= A[m×k] · B[k×n], B packed by $pack_b. $tmp: 128 bytes of scratch for the last
  ;; panel's tiles when n is not a multiple of 8 (C has no room for a whole tile there).
  (func $gemm (export "gemm") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $lda i32)
    (param $bp i32) (param $c i32) (param $ldc i32) (param $acc i32) (param $tmp i32)
    (local $ldaB i32) (local $ldcB i32) (local $panelB i32) (local $full i32) (local $rest i32)
    (local $i i32) (local $j i32) (local $ai i32) (local $ci i32) (local $rows i32)
    (if (i32.or (i32.eqz (local.get $k)) (i32.or (i32.eqz (local.get $m)) (i32.eqz (local.get $n))))
      (then
        (if (i32.and (i32.eqz (local.get $k)) (i32.eqz (local.get $acc)))
          (then (call $zero (local.get $m) (local.get $n) (local.get $c) (local.get $ldc))))
        (return)))
    (local.set $ldaB (i32.shl (local.get $lda) (i32.const 2)))
    (local.set $ldcB (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $panelB (i32.shl (local.get $k) (i32.const 5)))
    (local.set $full (i32.shr_u (local.get $n) (i32.const 3)))
    (local.set $rest (i32.and (local.get $n) (i32.const 7)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rowTiles
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $rows (i32.sub (local.get $m) (local.get $i)))
        (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
        (local.set $ai (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ldaB))))
        (local.set $ci (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldcB))))
        (local.set $j (i32.const 0))
        (block $panelsDone
          (loop $panels
            (br_if $panelsDone (i32.ge_u (local.get $j) (local.get $full)))
            (call $tiles (local.get $rows) (local.get $ai) (local.get $ldaB)
              (i32.add (local.get $bp) (i32.mul (local.get $j) (local.get $panelB)))
              (i32.add (local.get $ci) (i32.shl (local.get $j) (i32.const 5))) (local.get $ldcB) (local.get $k) (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $panels)))
        (if (local.get $rest)
          (then
            (local.set $ci (i32.add (local.get $ci) (i32.shl (local.get $full) (i32.const 5))))
            (if (local.get $acc)
              (then (call $edge (local.get $ci) (local.get $ldcB) (local.get $tmp) (local.get $rows) (local.get $rest) (i32.const 1))))
            (call $tiles (local.get $rows) (local.get $ai) (local.get $ldaB)
              (i32.add (local.get $bp) (i32.mul (local.get $full) (local.get $panelB)))
              (local.get $tmp) (i32.const 32) (local.get $k) (local.get $acc))
            (call $edge (local.get $ci) (local.get $ldcB) (local.get $tmp) (local.get $rows) (local.get $rest) (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rowTiles))))

  ;; $gemm over the rows of C, shared by threads: chunks of $chunk rows (a multiple of 4) taken
  ;; from the counter at $at.
  (func (export "gemm_rows") (param $at i32) (param $chunk i32) (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $lda i32)
    (param $bp i32) (param $c i32) (param $ldc i32) (param $tmp i32)
    (local $r0 i32)
    (block $done
      (loop $chunks
        (local.set $r0 (call $grab (local.get $at) (local.get $chunk)))
        (br_if $done (i32.ge_u (local.get $r0) (local.get $m)))
        (call $gemm (call $min (local.get $chunk) (i32.sub (local.get $m) (local.get $r0))) (local.get $n) (local.get $k)
          (i32.add (local.get $a) (i32.shl (i32.mul (local.get $r0) (local.get $lda)) (i32.const 2))) (local.get $lda) (local.get $bp)
          (i32.add (local.get $c) (i32.shl (i32.mul (local.get $r0) (local.get $ldc)) (i32.const 2))) (local.get $ldc) (i32.const 0) (local.get $tmp))
        (br $chunks))))

  ;; $rows (1–4) rows of one panel: a 4-row tile, or 1-row tiles for the last rows.
  (func $tiles (param $rows i32) (param $a i32) (param $ldaB i32) (param $b i32) (param $c i32) (param $ldcB i32) (param $k i32) (param $acc i32)
    (if (i32.eq (local.get $rows) (i32.const 4))
      (then (call $tile (local.get $a) (local.get $ldaB) (local.get $b) (local.get $c) (local.get $ldcB) (local.get $k) (local.get $acc)) (return)))
    (loop $row
      (call $tile1 (local.get $a) (local.get $b) (local.get $c) (local.get $k) (local.get $acc))
      (local.set $a (i32.add (local.get $a) (local.get $ldaB)))
      (local.set $c (i32.add (local.get $c) (local.get $ldcB)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br_if $row (local.get $rows))))

  (func $zero (param $m i32) (param $n i32) (param $c i32) (param $ldc i32)
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $m)))
        (memory.fill (local.get $c) (i32.const 0) (i32.shl (local.get $n) (i32.const 2)))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 2))))
        (local.set $m (i32.sub (local.get $m) (i32.const 1)))
        (br $row))))

  ;; Packs B (k rows × n columns) into 8-column panels for $gemm. Element (r, j) of B is at
  ;; b + 4·(r·$rs + j·$cs): ($rs, $cs) = (ld, 1) for a row-major B, (1, ld) for a transposed one.
  (func $pack_b (export "pack_b") (param $b i32) (param $k i32) (param $n i32) (param $rs i32) (param $cs i32) (param $bp i32)
    (local $j i32) (local $r i32) (local $q i32) (local $cols i32) (local $src i32) (local $rsB i32) (local $csB i32)
    (local.set $rsB (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $csB (i32.shl (local.get $cs) (i32.const 2)))
    (block $done
      (loop $panel
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $cols (i32.sub (local.get $n) (local.get $j)))
        (if (i32.gt_u (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $row
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $k)))
            (local.set $src (i32.add (local.get $b) (i32.add (i32.mul (local.get $r) (local.get $rsB)) (i32.mul (local.get $j) (local.get $csB)))))
            (if (i32.and (i32.eq (local.get $cols) (i32.const 8)) (i32.eq (local.get $cs) (i32.const 1)))
              (then
                (v128.store (local.get $bp) (v128.load (local.get $src)))
                (v128.store offset=16 (local.get $bp) (v128.load offset=16 (local.get $src))))
              (else
                (v128.store (local.get $bp) (v128.const i32x4 0 0 0 0))
                (v128.store offset=16 (local.get $bp) (v128.const i32x4 0 0 0 0))
                (local.set $q (i32.const 0))
                (loop $col
                  (f32.store (i32.add (local.get $bp) (i32.shl (local.get $q) (i32.const 2))) (f32.load (local.get $src)))
                  (local.set $src (i32.add (local.get $src) (local.get $csB)))
                  (local.set $q (i32.add (local.get $q) (i32.const 1)))
                  (br_if $col (i32.lt_u (local.get $q) (local.get $cols))))))
            (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $row)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $panel))))

  ;; ---- Convolutions (NHWC, no dilation) as GEMMs over blocks of output pixels --------------
  ;; Geometry at $g, twelve i32: h w ci ho wo co fh fw sh sw pt pl (n is implied by the pixel
  ;; count), then at $g+48 the call's work counter ($grab). Patch rows are ordered (i, j, c), as
  ;; the rows of a [fh, fw, ci, co] filter, so a block's patch matrix times the filter (as
  ;; kp × co) is the block's output.

  ;; $count floats from $src to $dst (no overlap).
  (func $copy (param $dst i32) (param $src i32) (param $count i32)
    (local $end i32)
    (if (i32.ge_u (local.get $count) (i32.const 32))
      (then (memory.copy (local.get $dst) (local.get $src) (i32.shl (local.get $count) (i32.const 2))) (return)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (block $vDone
      (loop $v
        (br_if $vDone (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $dst) (v128.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $v)))
    (block $done
      (loop $f
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $f))))

  ;; $count zeros at $dst.
  (func $clear (param $dst i32) (param $count i32)
    (local $end i32)
    (if (i32.ge_u (local.get $count) (i32.const 32))
      (then (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $count) (i32.const 2))) (return)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $f
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $f))))

  ;; $dst[0..count] += $src[0..count].
  (func $accumulate (export "accumulate") (param $dst i32) (param $src i32) (param $count i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (block $vDone
      (loop $v
        (br_if $vDone (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $v)))
    (block $done
      (loop $f
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $f))))

  ;; Patch rows of output pixels $p .. $p+$count-1 (pixels numbered over n, ho, wo) into $a
  ;; ($scatter = 0: gather x into rows), or the rows at $a added into x at the same places
  ;; ($scatter = 1: the input gradient's col2im). Taps j of one row i that fall inside the
  ;; image are one contiguous run of x, so each (pixel, i) is one copy or one add.
  (func $patches (param $g i32) (param $x i32) (param $p i32) (param $count i32) (param $a i32) (param $scatter i32)
    (local $h i32) (local $w i32) (local $ci i32) (local $ho i32) (local $wo i32) (local $fh i32) (local $fw i32)
    (local $sh i32) (local $sw i32) (local $pt i32) (local $pl i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $iy i32) (local $ix0 i32) (local $jLo i32) (local $jHi i32)
    (local $i i32) (local $row i32) (local $rowLen i32) (local $kp i32) (local $src i32) (local $run i32) (local $end i32)
    (local.set $h (i32.load offset=0 (local.get $g)))
    (local.set $w (i32.load offset=4 (local.get $g)))
    (local.set $ci (i32.load offset=8 (local.get $g)))
    (local.set $ho (i32.load offset=12 (local.get $g)))
    (local.set $wo (i32.load offset=16 (local.get $g)))
    (local.set $fh (i32.load offset=24 (local.get $g)))
    (local.set $fw (i32.load offset=28 (local.get $g)))
    (local.set $sh (i32.load offset=32 (local.get $g)))
    (local.set $sw (i32.load offset=36 (local.get $g)))
    (local.set $pt (i32.load offset=40 (local.get $g)))
    (local.set $pl (i32.load offset=44 (local.get $g)))
    (local.set $rowLen (i32.mul (local.get $fw) (local.get $ci)))
    (local.set $kp (i32.mul (local.get $fh) (local.get $rowLen)))
    (local.set $b (i32.div_u (local.get $p) (i32.mul (local.get $ho) (local.get $wo))))
    (local.set $oy (i32.rem_u (local.get $p) (i32.mul (local.get $ho) (local.get $wo))))
    (local.set $ox (i32.rem_u (local.get $oy) (local.get $wo)))
    (local.set $oy (i32.div_u (local.get $oy) (local.get $wo)))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.mul (local.get $count) (local.get $kp)) (i32.const 2))))
    (block $pixelsDone
      (loop $pixel
        (br_if $pixelsDone (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $ix0 (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $pl)))
        ;; Taps jLo .. jHi-1 land inside the row: 0 ≤ ix0 + j < w.
        (local.set $jLo (select (i32.sub (i32.const 0) (local.get $ix0)) (i32.const 0) (i32.lt_s (local.get $ix0) (i32.const 0))))
        (local.set $jHi (select (i32.sub (local.get $w) (local.get $ix0)) (local.get $fw) (i32.lt_s (i32.sub (local.get $w) (local.get $ix0)) (local.get $fw))))
        (if (i32.lt_s (local.get $jHi) (local.get $jLo)) (then (local.set $jHi (local.get $jLo))))
        (local.set $run (i32.mul (i32.sub (local.get $jHi) (local.get $jLo)) (local.get $ci)))
        (local.set $row (local.get $a))
        (local.set $iy (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $pt)))
        (local.set $i (i32.const 0))
        (loop $taps
          (if (i32.and (i32.lt_u (local.get $iy) (local.get $h)) (i32.ne (local.get $run) (i32.const 0)))
            (then
              (local.set $src
                (i32.add (local.get $x)
                  (i32.shl
                    (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (local.get $iy)) (local.get $w)) (i32.add (local.get $ix0) (local.get $jLo))) (local.get $ci))
                    (i32.const 2))))
              (if (local.get $scatter)
                (then (call $accumulate (local.get $src) (i32.add (local.get $row) (i32.shl (i32.mul (local.get $jLo) (local.get $ci)) (i32.const 2))) (local.get $run)))
                (else
                  (call $clear (local.get $row) (i32.mul (local.get $jLo) (local.get $ci)))
                  (call $copy (i32.add (local.get $row) (i32.shl (i32.mul (local.get $jLo) (local.get $ci)) (i32.const 2))) (local.get $src) (local.get $run))
                  (call $clear (i32.add (local.get $row) (i32.shl (i32.mul (local.get $jHi) (local.get $ci)) (i32.const 2))) (i32.mul (i32.sub (local.get $fw) (local.get $jHi)) (local.get $ci))))))
            (else (if (i32.eqz (local.get $scatter)) (then (call $clear (local.get $row) (local.get $rowLen))))))
          (local.set $row (i32.add (local.get $row) (i32.shl (local.get $rowLen) (i32.const 2))))
          (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $taps (i32.lt_u (local.get $i) (local.get $fh))))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $kp) (i32.const 2))))
        (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
        (if (i32.eq (local.get $ox) (local.get $wo))
          (then
            (local.set $ox (i32.const 0))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (if (i32.eq (local.get $oy) (local.get $ho))
              (then (local.set $oy (i32.const 0)) (local.set $b (i32.add (local.get $b) (i32.const 1)))))))
        (br $pixel))))

  ;; dst[c·rows + r] (+)= src[r·cols + c]: a rows × cols matrix transposed.
  (func $transpose (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32) (param $acc i32)
    (local $r i32) (local $c i32) (local $d i32) (local $v f32)
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $col
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (local.set $v (f32.load (local.get $src)))
            (if (local.get $acc) (then (local.set $v (f32.add (local.get $v) (f32.load (local.get $d))))))
            (f32.store (local.get $d) (local.get $v))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $d (i32.add (local.get $d) (i32.shl (local.get $rows) (i32.const 2))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $col)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  (func $min (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.lt_u (local.get $a) (local.get $b))))

  ;; The next unit of work shared by all threads of a call: the counter at $at (which the caller
  ;; zeroes) moves on by $chunk, and the old value is this thread's start. Threads that run
  ;; faster take more chunks, so a core slowed by other work never holds the others up.
  (func $grab (param $at i32) (param $chunk i32) (result i32)
    (i32.atomic.rmw.add (local.get $at) (local.get $chunk)))

  ;; Forward convolution of the $total output pixels, in chunks of $blk pixels taken from the
  ;; counter at $g+48: per chunk, the patch rows (in $scratch, blk·kp floats) times the packed
  ;; filter $wp, written straight into $out.
  (func (export "conv_forward") (param $g i32) (param $x i32) (param $wp i32) (param $out i32)
    (param $total i32) (param $blk i32) (param $scratch i32) (param $tmp i32)
    (local $kp i32) (local $co i32) (local $p0 i32) (local $cnt i32)
    (local.set $co (i32.load offset=20 (local.get $g)))
    (local.set $kp (i32.mul (i32.load offset=24 (local.get $g)) (i32.mul (i32.load offset=28 (local.get $g)) (i32.load offset=8 (local.get $g)))))
    (block $done
      (loop $chunks
        (local.set $p0 (call $grab (i32.add (local.get $g) (i32.const 48)) (local.get $blk)))
        (br_if $done (i32.ge_u (local.get $p0) (local.get $total)))
        (local.set $cnt (call $min (local.get $blk) (i32.sub (local.get $total) (local.get $p0))))
        (call $patches (local.get $g) (local.get $x) (local.get $p0) (local.get $cnt) (local.get $scratch) (i32.const 0))
        (call $gemm (local.get $cnt) (local.get $co) (local.get $kp) (local.get $scratch) (local.get $kp) (local.get $wp)
          (i32.add (local.get $out) (i32.shl (i32.mul (local.get $p0) (local.get $co)) (i32.const 2))) (local.get $co) (i32.const 0) (local.get $tmp))
        (br $chunks))))

  ;; Input gradient of the $images images, in chunks of $chunk images taken from the counter at
  ;; $g+48 (images are disjoint in dx): a chunk's dx is cleared, then per block of $blk output
  ;; pixels dy·Wᵀ ($wtp: the filter packed transposed, co × kp) lands in $scratch and is added
  ;; into dx (col2im).
  (func (export "conv_input_grad") (param $g i32) (param $dy i32) (param $wtp i32) (param $dx i32)
    (param $images i32) (param $chunk i32) (param $blk i32) (param $scratch i32) (param $tmp i32)
    (local $kp i32) (local $co i32) (local $cnt i32) (local $image i32) (local $pixels i32)
    (local $img0 i32) (local $img1 i32) (local $p0 i32) (local $p1 i32)
    (local.set $co (i32.load offset=20 (local.get $g)))
    (local.set $kp (i32.mul (i32.load offset=24 (local.get $g)) (i32.mul (i32.load offset=28 (local.get $g)) (i32.load offset=8 (local.get $g)))))
    (local.set $image (i32.mul (i32.load offset=0 (local.get $g)) (i32.mul (i32.load offset=4 (local.get $g)) (i32.load offset=8 (local.get $g)))))
    (local.set $pixels (i32.mul (i32.load offset=12 (local.get $g)) (i32.load offset=16 (local.get $g))))
    (block $done
      (loop $chunks
        (local.set $img0 (call $grab (i32.add (local.get $g) (i32.const 48)) (local.get $chunk)))
        (br_if $done (i32.ge_u (local.get $img0) (local.get $images)))
        (local.set $img1 (call $min (i32.add (local.get $img0) (local.get $chunk)) (local.get $images)))
        (call $clear
          (i32.add (local.get $dx) (i32.shl (i32.mul (local.get $img0) (local.get $image)) (i32.const 2)))
          (i32.mul (i32.sub (local.get $img1) (local.get $img0)) (local.get $image)))
        (local.set $p0 (i32.mul (local.get $img0) (local.get $pixels)))
        (local.set $p1 (i32.mul (local.get $img1) (local.get $pixels)))
        (block $blocksDone
          (loop $block
            (br_if $blocksDone (i32.ge_u (local.get $p0) (local.get $p1)))
            (local.set $cnt (call $min (local.get $blk) (i32.sub (local.get $p1) (local.get $p0))))
            (call $gemm (local.get $cnt) (local.get $kp) (local.get $co)
              (i32.add (local.get $dy) (i32.shl (i32.mul (local.get $p0) (local.get $co)) (i32.const 2))) (local.get $co)
              (local.get $wtp) (local.get $scratch) (local.get $kp) (i32.const 0) (local.get $tmp))
            (call $patches (local.get $g) (local.get $dx) (local.get $p0) (local.get $cnt) (local.get $scratch) (i32.const 1))
            (local.set $p0 (i32.add (local.get $p0) (local.get $cnt)))
            (br $block)))
        (br $chunks))))

  ;; Filter gradient over the $total output pixels, as dWᵀ (co × kp) into $dwt: per chunk of
  ;; $blk pixels taken from the counter at $g+48, dyᵀ (co × blk, in $dyt) times the chunk's patch
  ;; rows (gathered into $scratch, packed into $bp). Each thread sums the pixels it took; the
  ;; caller adds the threads' $dwt.
  (func (export "conv_filter_grad") (param $g i32) (param $x i32) (param $dy i32) (param $dwt i32)
    (param $total i32) (param $blk i32) (param $scratch i32) (param $bp i32) (param $dyt i32) (param $tmp i32)
    (local $kp i32) (local $co i32) (local $cnt i32) (local $acc i32) (local $p0 i32)
    (local.set $co (i32.load offset=20 (local.get $g)))
    (local.set $kp (i32.mul (i32.load offset=24 (local.get $g)) (i32.mul (i32.load offset=28 (local.get $g)) (i32.load offset=8 (local.get $g)))))
    (block $done
      (loop $block
        (local.set $p0 (call $grab (i32.add (local.get $g) (i32.const 48)) (local.get $blk)))
        (br_if $done (i32.ge_u (local.get $p0) (local.get $total)))
        (local.set $cnt (call $min (local.get $blk) (i32.sub (local.get $total) (local.get $p0))))
        (call $patches (local.get $g) (local.get $x) (local.get $p0) (local.get $cnt) (local.get $scratch) (i32.const 0))
        (call $pack_b (local.get $scratch) (local.get $cnt) (local.get $kp) (local.get $kp) (i32.const 1) (local.get $bp))
        (call $transpose (i32.add (local.get $dy) (i32.shl (i32.mul (local.get $p0) (local.get $co)) (i32.const 2))) (local.get $cnt) (local.get $co) (local.get $dyt) (i32.const 0))
        (call $gemm (local.get $co) (local.get $kp) (local.get $cnt) (local.get $dyt) (local.get $cnt) (local.get $bp) (local.get $dwt) (local.get $kp) (local.get $acc) (local.get $tmp))
        (local.set $acc (i32.const 1))
        (br $block)))
    ;; A thread that took no chunk still owes its (zero) share.
    (if (i32.eqz (local.get $acc)) (then (call $clear (local.get $dwt) (i32.mul (local.get $co) (local.get $kp))))))

  ;; The filter gradient for thin inputs (patch rows shorter than the output channels: an image
  ;; layer), as dW (kp × co) directly: per block, the block's patch rows transposed (kp × blk, in
  ;; $at) times dy's rows packed ($bp). Both operands of the usual form would be narrow here (a
  ;; partial panel of kp columns); this one runs on co/8 full panels.
  (func (export "conv_filter_grad_thin") (param $g i32) (param $x i32) (param $dy i32) (param $dw i32)
    (param $total i32) (param $blk i32) (param $scratch i32) (param $at i32) (param $bp i32) (param $tmp i32)
    (local $kp i32) (local $co i32) (local $cnt i32) (local $acc i32) (local $p0 i32)
    (local.set $co (i32.load offset=20 (local.get $g)))
    (local.set $kp (i32.mul (i32.load offset=24 (local.get $g)) (i32.mul (i32.load offset=28 (local.get $g)) (i32.load offset=8 (local.get $g)))))
    (block $done
      (loop $block
        (local.set $p0 (call $grab (i32.add (local.get $g) (i32.const 48)) (local.get $blk)))
        (br_if $done (i32.ge_u (local.get $p0) (local.get $total)))
        (local.set $cnt (call $min (local.get $blk) (i32.sub (local.get $total) (local.get $p0))))
        (call $patches (local.get $g) (local.get $x) (local.get $p0) (local.get $cnt) (local.get $scratch) (i32.const 0))
        (call $transpose (local.get $scratch) (local.get $cnt) (local.get $kp) (local.get $at) (i32.const 0))
        (call $pack_b (i32.add (local.get $dy) (i32.shl (i32.mul (local.get $p0) (local.get $co)) (i32.const 2))) (local.get $cnt) (local.get $co) (local.get $co) (i32.const 1) (local.get $bp))
        (call $gemm (local.get $kp) (local.get $co) (local.get $cnt) (local.get $at) (local.get $cnt) (local.get $bp) (local.get $dw) (local.get $co) (local.get $acc) (local.get $tmp))
        (local.set $acc (i32.const 1))
        (br $block)))
    (if (i32.eqz (local.get $acc)) (then (call $clear (local.get $dw) (i32.mul (local.get $co) (local.get $kp))))))
)
