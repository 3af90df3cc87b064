/**
 * Colour conversions on batches [n, h, w, 3] in [0, 1], as element-wise tensor ops. Formulas
 * follow OpenCV (BT.601 luma, HSV, sRGB-companded CIE Lab with a D65 white point).
 */
import * as tf from '@tensorflow/tfjs';

export const LUMA = [0.299, 0.587, 0.114] as const;

/** Luma [n, h, w, 1]; a one-channel image is its own luma. */
export function luma(x: tf.Tensor4D): tf.Tensor4D {
  if (x.shape[3] === 1) return x;
  return tf.tidy(() => x.mul(tf.tensor1d(LUMA as unknown as number[])).sum(3, true) as tf.Tensor4D);
}

/** Hue in [0, 1) (fraction of the colour circle), saturation and value in [0, 1]. */
export function rgbToHsv(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  return tf.tidy(() => {
    const [r, g, b] = tf.split(x, 3, 3) as tf.Tensor4D[];
    const max = x.max(3, true);
    const min = x.min(3, true);
    const delta = max.sub(min);
    const safe = tf.maximum(delta, 1e-12);
    const s = tf.where(max.greater(0), delta.div(tf.maximum(max, 1e-12)), tf.zerosLike(max));
    // Sextant of the hue: red is max → (g-b)/Δ, green → (b-r)/Δ + 2, blue → (r-g)/Δ + 4.
    const hr = g.sub(b).div(safe);
    const hg = b.sub(r).div(safe).add(2);
    const hb = r.sub(g).div(safe).add(4);
    let h6 = tf.where(max.equal(r), hr, tf.where(max.equal(g), hg, hb));
    h6 = tf.where(delta.greater(0), h6, tf.zerosLike(h6));
    const h = tf.mod(h6, 6).div(6);
    return [h as tf.Tensor4D, s as tf.Tensor4D, max as tf.Tensor4D];
  });
}

/** Inverse of rgbToHsv: channel n ∈ {5, 3, 1} is v − v·s·clamp(min(k, 4 − k), 0, 1), k = (n + 6h) mod 6. */
export function hsvToRgb(h: tf.Tensor4D, s: tf.Tensor4D, v: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const h6 = h.mul(6);
    const vs = v.mul(s);
    const channel = (n: number) => {
      const k = tf.mod(h6.add(n), 6);
      const f = tf.minimum(k, tf.scalar(4).sub(k)).clipByValue(0, 1);
      return v.sub(vs.mul(f));
    };
    return tf.concat([channel(5), channel(3), channel(1)], 3) as tf.Tensor4D;
  });
}

const LAB_T = 0.008856;

function srgbToLinear(c: tf.Tensor): tf.Tensor {
  return tf.where(c.lessEqual(0.04045), c.div(12.92), tf.pow(c.add(0.055).div(1.055), 2.4));
}

function linearToSrgb(c: tf.Tensor): tf.Tensor {
  const cc = c.clipByValue(0, 1);
  return tf.where(cc.lessEqual(0.0031308), cc.mul(12.92), tf.pow(cc, 1 / 2.4).mul(1.055).sub(0.055));
}

function labF(t: tf.Tensor): tf.Tensor {
  return tf.where(t.greater(LAB_T), tf.pow(tf.maximum(t, 0), 1 / 3), t.mul(7.787).add(16 / 116));
}

function labFInv(f: tf.Tensor): tf.Tensor {
  const f3 = f.mul(f).mul(f);
  return tf.where(f3.greater(LAB_T), f3, f.sub(16 / 116).div(7.787));
}

/** CIE L* in [0, 100], a*, b* (each [n, h, w, 1]). */
export function rgbToLab(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  return tf.tidy(() => {
    const [r, g, b] = tf.split(srgbToLinear(x) as tf.Tensor4D, 3, 3);
    const X = r.mul(0.412453).add(g.mul(0.35758)).add(b.mul(0.180423)).div(0.950456);
    const Y = r.mul(0.212671).add(g.mul(0.71516)).add(b.mul(0.072169));
    const Z = r.mul(0.019334).add(g.mul(0.119193)).add(b.mul(0.950227)).div(1.088754);
    const fx = labF(X);
    const fy = labF(Y);
    const fz = labF(Z);
    const L = tf.where(Y.greater(LAB_T), fy.mul(116).sub(16), Y.mul(903.3));
    return [L as tf.Tensor4D, fx.sub(fy).mul(500) as tf.Tensor4D, fy.sub(fz).mul(200) as tf.Tensor4D];
  });
}

export function labToRgb(L: tf.Tensor4D, a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const fy = L.add(16).div(116);
    const fx = fy.add(a.div(500));
    const fz = fy.sub(b.div(200));
    const Y = tf.where(L.greater(903.3 * LAB_T), fy.mul(fy).mul(fy), L.div(903.3));
    const X = labFInv(fx).mul(0.950456);
    const Z = labFInv(fz).mul(1.088754);
    const r = X.mul(3.240479).add(Y.mul(-1.53715)).add(Z.mul(-0.498535));
    const g = X.mul(-0.969256).add(Y.mul(1.875991)).add(Z.mul(0.041556));
    const bl = X.mul(0.055648).add(Y.mul(-0.204043)).add(Z.mul(1.057311));
    return linearToSrgb(tf.concat([r, g, bl], 3)) as tf.Tensor4D;
  });
}
