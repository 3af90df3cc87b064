;; The inner loop of the 8-bit warp (warp-bytes.ts) for its common case, an affine map with
;; bilinear sampling, in WebAssembly SIMD: the same integer arithmetic as the JavaScript loop, so
;; the same bytes, without bounds checks. The source comes framed by one pixel of what the border
;; mode reads there, so every pixel whose neighbours lie at most one pixel outside the image is
;; computed here. Pixels further out read a constant border's fill ($fill ≥ 0); for other border
;; modes ($fill = −1) their index and fixed-point position go to a list that JavaScript finishes.
;; Three channels run four pixels per iteration (positions, bounds and weights in SIMD lanes); one
;; channel, pixel by pixel in scalar code.
;;
;; Memory layout (the caller's): the framed source ((h + 2) rows of (w + 2) pixels, +16 bytes: a
;; pixel's load reads 8 bytes; $src points at pixel (0, 0) inside the frame), dst image, table (256 per
;; channel), ax and bx (i32 per column: x's share of the fixed-point position, warp-bytes.ts),
;; the border list (3 × i32 per entry: pixel index, X, Y).
(module
  (import "env" "memory" (memory 1))

  ;; Row y's share of a fixed-point position: floor((a·y + b)·1024 + 0.5), as fixed() in warp-bytes.ts.
  (func $rowShare (param $a f64) (param $b f64) (param $y i32) (result i32)
    (i32.trunc_sat_f64_s
      (f64.floor
        (f64.add
          (f64.mul (f64.add (f64.mul (local.get $a) (f64.convert_i32_s (local.get $y))) (local.get $b)) (f64.const 1024))
          (f64.const 0.5)))))

  ;; One pixel of three channels at fixed-point position (X, Y), the general case: in-frame pixels
  ;; interpolated, others through a constant border's fill, or listed for JavaScript (returns 1).
  (func $pixel3
    (param $src i32) (param $o i32) (param $table i32) (param $stride i32) (param $xSpan i32) (param $ySpan i32)
    (param $fill i32) (param $list i32) (param $index i32) (param $X i32) (param $Y i32) (result i32)
    (local $x0 i32) (local $y0 i32) (local $fx i32) (local $acc v128)
    (local.set $x0 (i32.shr_s (local.get $X) (i32.const 10)))
    (local.set $y0 (i32.shr_s (local.get $Y) (i32.const 10)))
    (if (i32.and (i32.lt_u (i32.add (local.get $x0) (i32.const 1)) (local.get $xSpan)) (i32.lt_u (i32.add (local.get $y0) (i32.const 1)) (local.get $ySpan)))
      (then
        (local.set $fx (i32.and (local.get $X) (i32.const 1023)))
        (local.set $acc
          (call $bilinear3
            (i32.add (local.get $src) (i32.add (i32.mul (local.get $y0) (local.get $stride)) (i32.mul (local.get $x0) (i32.const 3))))
            (local.get $stride)
            (i32x4.splat (i32.or (i32.shl (local.get $fx) (i32.const 16)) (i32.sub (i32.const 1024) (local.get $fx))))
            (i32x4.splat (i32.and (local.get $Y) (i32.const 1023)))))
        (call $store3 (local.get $o) (local.get $table) (local.get $acc))
        (return (i32.const 0))))
    ;; Every neighbour is outside: a constant border's fill through the table, else listed.
    (if (i32.ge_s (local.get $fill) (i32.const 0))
      (then
        (call $store3 (local.get $o) (local.get $table) (i32x4.splat (local.get $fill)))
        (return (i32.const 0))))
    (i32.store (local.get $list) (local.get $index))
    (i32.store offset=4 (local.get $list) (local.get $X))
    (i32.store offset=8 (local.get $list) (local.get $Y))
    (i32.const 1))

  ;; Bilinear value of the pixel whose top-left neighbour is at $p, per channel [r g b ·]:
  ;; horizontally left·(1024 − fx) + right·fx per row and channel, as i16 pairs in one dot product
  ;; ($wx holds (fx << 16) | (1024 − fx) in every lane), then vertically top·1024 + (bottom − top)·fy
  ;; (= top·(1024 − fy) + bottom·fy, one multiply fewer), rounded: the same integer as the
  ;; four-weight sum in warp-bytes.ts. affine3's quads repeat this inline, lane by lane.
  (func $bilinear3 (param $p i32) (param $stride i32) (param $wx v128) (param $fy v128) (result v128)
    (local $pix v128) (local $top v128)
    ;; Bytes 0–7: [r00 g00 b00 r01 g01 b01 · ·] from row y0; bytes 8–15: the same from row y0 + 1.
    (local.set $pix (v128.load64_lane 1 (i32.add (local.get $p) (local.get $stride)) (v128.load64_zero (local.get $p))))
    (local.set $top (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 0 128 3 128 1 128 4 128 2 128 5 128 128 128 128 128)) (local.get $wx)))
    (i32x4.shr_u
      (i32x4.add
        (i32x4.add
          (i32x4.shl (local.get $top) (i32.const 10))
          (i32x4.mul
            (i32x4.sub (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 8 128 11 128 9 128 12 128 10 128 13 128 128 128 128 128)) (local.get $wx)) (local.get $top))
            (local.get $fy)))
        (i32x4.splat (i32.const 524288)))
      (i32.const 20)))

  ;; Writes lanes 0–2 of $v (values 0–255) through the per-channel table.
  (func $store3 (param $o i32) (param $table i32) (param $v v128)
    (i32.store8 (local.get $o) (i32.load8_u (i32.add (local.get $table) (i32x4.extract_lane 0 (local.get $v)))))
    (i32.store8 offset=1 (local.get $o) (i32.load8_u offset=256 (i32.add (local.get $table) (i32x4.extract_lane 1 (local.get $v)))))
    (i32.store8 offset=2 (local.get $o) (i32.load8_u offset=512 (i32.add (local.get $table) (i32x4.extract_lane 2 (local.get $v))))))

  ;; Three channels, four pixels at a time: their positions, bounds check and weights in SIMD
  ;; lanes, then each pixel as $bilinear3 and $store3 do, written out per lane (measured: a third
  ;; faster than one pixel per iteration; V8 does not inline the calls everywhere). A quad with any
  ;; neighbour outside the frame goes pixel by pixel ($pixel3). Returns the border-list length.
  (func (export "affine3")
    (param $src i32) (param $dst i32) (param $table i32) (param $ax i32) (param $bx i32) (param $list i32)
    (param $w i32) (param $h i32) (param $a1 f64) (param $a2 f64) (param $b1 f64) (param $b2 f64) (param $fill i32)
    (result i32)
    (local $y i32) (local $x i32) (local $X0 i32) (local $Y0 i32) (local $o i32) (local $stride i32) (local $count i32)
    (local $xSpan i32) (local $ySpan i32) (local $quads i32) (local $k i32) (local $listed i32)
    (local $X v128) (local $Y v128) (local $x0 v128) (local $y0 v128) (local $off v128) (local $wx v128) (local $fy v128)
    (local $top v128) (local $wk v128) (local $pix v128) (local $acc v128) (local $inside v128) (local $p i32)
    (local $fillR i32) (local $fillG i32) (local $fillB i32)
    (local.set $stride (i32.mul (i32.add (local.get $w) (i32.const 2)) (i32.const 3)))
    (local.set $xSpan (i32.add (local.get $w) (i32.const 1)))
    (local.set $ySpan (i32.add (local.get $h) (i32.const 1)))
    (local.set $quads (i32.and (local.get $w) (i32.const -4)))
    (local.set $o (local.get $dst))
    (if (i32.ge_s (local.get $fill) (i32.const 0))
      (then
        (local.set $fillR (i32.load8_u (i32.add (local.get $table) (local.get $fill))))
        (local.set $fillG (i32.load8_u offset=256 (i32.add (local.get $table) (local.get $fill))))
        (local.set $fillB (i32.load8_u offset=512 (i32.add (local.get $table) (local.get $fill))))))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $h)))
        (local.set $X0 (call $rowShare (local.get $a1) (local.get $a2) (local.get $y)))
        (local.set $Y0 (call $rowShare (local.get $b1) (local.get $b2) (local.get $y)))
        (local.set $x (i32.const 0))
        (block $quadsDone
          (loop $quad
            (br_if $quadsDone (i32.ge_s (local.get $x) (local.get $quads)))
            (local.set $X (i32x4.add (i32x4.splat (local.get $X0)) (v128.load (i32.add (local.get $ax) (i32.shl (local.get $x) (i32.const 2))))))
            (local.set $Y (i32x4.add (i32x4.splat (local.get $Y0)) (v128.load (i32.add (local.get $bx) (i32.shl (local.get $x) (i32.const 2))))))
            (local.set $x0 (i32x4.shr_s (local.get $X) (i32.const 10)))
            (local.set $y0 (i32x4.shr_s (local.get $Y) (i32.const 10)))
            (local.set $inside
              (v128.and
                (i32x4.lt_u (i32x4.add (local.get $x0) (i32x4.splat (i32.const 1))) (i32x4.splat (local.get $xSpan)))
                (i32x4.lt_u (i32x4.add (local.get $y0) (i32x4.splat (i32.const 1))) (i32x4.splat (local.get $ySpan)))))
            (if (i32.and (i32.ge_s (local.get $fill) (i32.const 0)) (i32.eqz (v128.any_true (local.get $inside))))
              (then
                ;; All four outside under a constant border: the fill, through the table.
                (local.set $k (i32.const 0))
                (loop $fills
                  (i32.store8 (local.get $o) (local.get $fillR))
                  (i32.store8 offset=1 (local.get $o) (local.get $fillG))
                  (i32.store8 offset=2 (local.get $o) (local.get $fillB))
                  (local.set $o (i32.add (local.get $o) (i32.const 3)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br_if $fills (i32.lt_u (local.get $k) (i32.const 4))))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $quad)))
            (if (i32x4.all_true (local.get $inside))
              (then
                ;; Source offsets of the four top-left neighbours; per lane (fx << 16) | (1024 − fx) and fy.
                (local.set $off
                  (i32x4.add
                    (i32x4.add (i32x4.splat (local.get $src)) (i32x4.mul (local.get $y0) (i32x4.splat (local.get $stride))))
                    (i32x4.add (local.get $x0) (i32x4.shl (local.get $x0) (i32.const 1)))))
                (local.set $wx (v128.and (local.get $X) (i32x4.splat (i32.const 1023))))
                (local.set $wx (v128.or (i32x4.shl (local.get $wx) (i32.const 16)) (i32x4.sub (i32x4.splat (i32.const 1024)) (local.get $wx))))
                (local.set $fy (v128.and (local.get $Y) (i32x4.splat (i32.const 1023))))
                ;; Pixel 0.
                (local.set $p (i32x4.extract_lane 0 (local.get $off)))
                (local.set $pix (v128.load64_lane 1 (i32.add (local.get $p) (local.get $stride)) (v128.load64_zero (local.get $p))))
                (local.set $wk (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $wx) (local.get $wx)))
                (local.set $top (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 0 128 3 128 1 128 4 128 2 128 5 128 128 128 128 128)) (local.get $wk)))
                (local.set $acc
                  (i32x4.shr_u
                    (i32x4.add
                      (i32x4.add
                        (i32x4.shl (local.get $top) (i32.const 10))
                        (i32x4.mul
                          (i32x4.sub (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 8 128 11 128 9 128 12 128 10 128 13 128 128 128 128 128)) (local.get $wk)) (local.get $top))
                          (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $fy) (local.get $fy))))
                      (i32x4.splat (i32.const 524288)))
                    (i32.const 20)))
                (i32.store8 offset=0 (local.get $o) (i32.load8_u (i32.add (local.get $table) (i32x4.extract_lane 0 (local.get $acc)))))
                (i32.store8 offset=1 (local.get $o) (i32.load8_u offset=256 (i32.add (local.get $table) (i32x4.extract_lane 1 (local.get $acc)))))
                (i32.store8 offset=2 (local.get $o) (i32.load8_u offset=512 (i32.add (local.get $table) (i32x4.extract_lane 2 (local.get $acc)))))
                ;; Pixel 1.
                (local.set $p (i32x4.extract_lane 1 (local.get $off)))
                (local.set $pix (v128.load64_lane 1 (i32.add (local.get $p) (local.get $stride)) (v128.load64_zero (local.get $p))))
                (local.set $wk (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $wx) (local.get $wx)))
                (local.set $top (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 0 128 3 128 1 128 4 128 2 128 5 128 128 128 128 128)) (local.get $wk)))
                (local.set $acc
                  (i32x4.shr_u
                    (i32x4.add
                      (i32x4.add
                        (i32x4.shl (local.get $top) (i32.const 10))
                        (i32x4.mul
                          (i32x4.sub (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 8 128 11 128 9 128 12 128 10 128 13 128 128 128 128 128)) (local.get $wk)) (local.get $top))
                          (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $fy) (local.get $fy))))
                      (i32x4.splat (i32.const 524288)))
                    (i32.const 20)))
                (i32.store8 offset=3 (local.get $o) (i32.load8_u (i32.add (local.get $table) (i32x4.extract_lane 0 (local.get $acc)))))
                (i32.store8 offset=4 (local.get $o) (i32.load8_u offset=256 (i32.add (local.get $table) (i32x4.extract_lane 1 (local.get $acc)))))
                (i32.store8 offset=5 (local.get $o) (i32.load8_u offset=512 (i32.add (local.get $table) (i32x4.extract_lane 2 (local.get $acc)))))
                ;; Pixel 2.
                (local.set $p (i32x4.extract_lane 2 (local.get $off)))
                (local.set $pix (v128.load64_lane 1 (i32.add (local.get $p) (local.get $stride)) (v128.load64_zero (local.get $p))))
                (local.set $wk (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $wx) (local.get $wx)))
                (local.set $top (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 0 128 3 128 1 128 4 128 2 128 5 128 128 128 128 128)) (local.get $wk)))
                (local.set $acc
                  (i32x4.shr_u
                    (i32x4.add
                      (i32x4.add
                        (i32x4.shl (local.get $top) (i32.const 10))
                        (i32x4.mul
                          (i32x4.sub (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 8 128 11 128 9 128 12 128 10 128 13 128 128 128 128 128)) (local.get $wk)) (local.get $top))
                          (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $fy) (local.get $fy))))
                      (i32x4.splat (i32.const 524288)))
                    (i32.const 20)))
                (i32.store8 offset=6 (local.get $o) (i32.load8_u (i32.add (local.get $table) (i32x4.extract_lane 0 (local.get $acc)))))
                (i32.store8 offset=7 (local.get $o) (i32.load8_u offset=256 (i32.add (local.get $table) (i32x4.extract_lane 1 (local.get $acc)))))
                (i32.store8 offset=8 (local.get $o) (i32.load8_u offset=512 (i32.add (local.get $table) (i32x4.extract_lane 2 (local.get $acc)))))
                ;; Pixel 3.
                (local.set $p (i32x4.extract_lane 3 (local.get $off)))
                (local.set $pix (v128.load64_lane 1 (i32.add (local.get $p) (local.get $stride)) (v128.load64_zero (local.get $p))))
                (local.set $wk (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $wx) (local.get $wx)))
                (local.set $top (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 0 128 3 128 1 128 4 128 2 128 5 128 128 128 128 128)) (local.get $wk)))
                (local.set $acc
                  (i32x4.shr_u
                    (i32x4.add
                      (i32x4.add
                        (i32x4.shl (local.get $top) (i32.const 10))
                        (i32x4.mul
                          (i32x4.sub (i32x4.dot_i16x8_s (i8x16.swizzle (local.get $pix) (v128.const i8x16 8 128 11 128 9 128 12 128 10 128 13 128 128 128 128 128)) (local.get $wk)) (local.get $top))
                          (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $fy) (local.get $fy))))
                      (i32x4.splat (i32.const 524288)))
                    (i32.const 20)))
                (i32.store8 offset=9 (local.get $o) (i32.load8_u (i32.add (local.get $table) (i32x4.extract_lane 0 (local.get $acc)))))
                (i32.store8 offset=10 (local.get $o) (i32.load8_u offset=256 (i32.add (local.get $table) (i32x4.extract_lane 1 (local.get $acc)))))
                (i32.store8 offset=11 (local.get $o) (i32.load8_u offset=512 (i32.add (local.get $table) (i32x4.extract_lane 2 (local.get $acc))))))
              (else
                (local.set $k (i32.const 0))
                (loop $each
                  (local.set $listed
                    (call $pixel3 (local.get $src) (i32.add (local.get $o) (i32.mul (local.get $k) (i32.const 3))) (local.get $table)
                      (local.get $stride) (local.get $xSpan) (local.get $ySpan) (local.get $fill) (local.get $list)
                      (i32.add (i32.mul (local.get $y) (local.get $w)) (i32.add (local.get $x) (local.get $k)))
                      (i32.add (local.get $X0) (i32.load (i32.add (local.get $ax) (i32.shl (i32.add (local.get $x) (local.get $k)) (i32.const 2)))))
                      (i32.add (local.get $Y0) (i32.load (i32.add (local.get $bx) (i32.shl (i32.add (local.get $x) (local.get $k)) (i32.const 2)))))))
                  (local.set $count (i32.add (local.get $count) (local.get $listed)))
                  (local.set $list (i32.add (local.get $list) (i32.mul (local.get $listed) (i32.const 12))))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br_if $each (i32.lt_u (local.get $k) (i32.const 4))))))
            (local.set $o (i32.add (local.get $o) (i32.const 12)))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $quad)))
        ;; The last w mod 4 columns.
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_s (local.get $x) (local.get $w)))
            (local.set $listed
              (call $pixel3 (local.get $src) (local.get $o) (local.get $table)
                (local.get $stride) (local.get $xSpan) (local.get $ySpan) (local.get $fill) (local.get $list)
                (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x))
                (i32.add (local.get $X0) (i32.load (i32.add (local.get $ax) (i32.shl (local.get $x) (i32.const 2)))))
                (i32.add (local.get $Y0) (i32.load (i32.add (local.get $bx) (i32.shl (local.get $x) (i32.const 2)))))))
            (local.set $count (i32.add (local.get $count) (local.get $listed)))
            (local.set $list (i32.add (local.get $list) (i32.mul (local.get $listed) (i32.const 12))))
            (local.set $o (i32.add (local.get $o) (i32.const 3)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $tail)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    (local.get $count))

  ;; One channel: the four neighbours and weights in scalar integer arithmetic.
  (func (export "affine1")
    (param $src i32) (param $dst i32) (param $table i32) (param $ax i32) (param $bx i32) (param $list i32)
    (param $w i32) (param $h i32) (param $a1 f64) (param $a2 f64) (param $b1 f64) (param $b2 f64) (param $fill i32)
    (result i32)
    (local $y i32) (local $x i32) (local $X0 i32) (local $Y0 i32) (local $X i32) (local $Y i32)
    (local $x0 i32) (local $y0 i32) (local $fx i32) (local $fy i32) (local $w11 i32)
    (local $p i32) (local $q i32) (local $o i32) (local $count i32) (local $xSpan i32) (local $ySpan i32)
    (local.set $xSpan (i32.add (local.get $w) (i32.const 1)))
    (local.set $ySpan (i32.add (local.get $h) (i32.const 1)))
    (local.set $o (local.get $dst))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $h)))
        (local.set $X0 (call $rowShare (local.get $a1) (local.get $a2) (local.get $y)))
        (local.set $Y0 (call $rowShare (local.get $b1) (local.get $b2) (local.get $y)))
        (local.set $x (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_s (local.get $x) (local.get $w)))
            (local.set $X (i32.add (local.get $X0) (i32.load (i32.add (local.get $ax) (i32.shl (local.get $x) (i32.const 2))))))
            (local.set $Y (i32.add (local.get $Y0) (i32.load (i32.add (local.get $bx) (i32.shl (local.get $x) (i32.const 2))))))
            (local.set $x0 (i32.shr_s (local.get $X) (i32.const 10)))
            (local.set $y0 (i32.shr_s (local.get $Y) (i32.const 10)))
            (if (i32.and (i32.lt_u (i32.add (local.get $x0) (i32.const 1)) (local.get $xSpan)) (i32.lt_u (i32.add (local.get $y0) (i32.const 1)) (local.get $ySpan)))
              (then
                (local.set $fx (i32.and (local.get $X) (i32.const 1023)))
                (local.set $fy (i32.and (local.get $Y) (i32.const 1023)))
                (local.set $w11 (i32.mul (local.get $fx) (local.get $fy)))
                (local.set $p (i32.add (local.get $src) (i32.add (i32.mul (local.get $y0) (i32.add (local.get $w) (i32.const 2))) (local.get $x0))))
                (local.set $q (i32.add (i32.add (local.get $p) (local.get $w)) (i32.const 2)))
                (i32.store8 (local.get $o)
                  (i32.load8_u (i32.add (local.get $table)
                    (i32.shr_u
                      (i32.add
                        (i32.add
                          (i32.add
                            (i32.mul (i32.load8_u (local.get $p))
                              (i32.add (i32.sub (i32.sub (i32.const 1048576) (i32.shl (local.get $fx) (i32.const 10))) (i32.shl (local.get $fy) (i32.const 10))) (local.get $w11)))
                            (i32.mul (i32.load8_u offset=1 (local.get $p)) (i32.sub (i32.shl (local.get $fx) (i32.const 10)) (local.get $w11))))
                          (i32.add
                            (i32.mul (i32.load8_u (local.get $q)) (i32.sub (i32.shl (local.get $fy) (i32.const 10)) (local.get $w11)))
                            (i32.mul (i32.load8_u offset=1 (local.get $q)) (local.get $w11))))
                        (i32.const 524288))
                      (i32.const 20))))))
              (else
                (if (i32.ge_s (local.get $fill) (i32.const 0))
                  (then (i32.store8 (local.get $o) (i32.load8_u (i32.add (local.get $table) (local.get $fill)))))
                  (else
                (i32.store (local.get $list) (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)))
                (i32.store offset=4 (local.get $list) (local.get $X))
                (i32.store offset=8 (local.get $list) (local.get $Y))
                (local.set $list (i32.add (local.get $list) (i32.const 12)))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $cols)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    (local.get $count))
)
