/**
 * Per-image convolution kernels in one call. tfjs convolutions apply one filter to every image,
 * so we move the batch into the channel axis ([n,h,w,c] → [1,h,w,n·c]) and run a single
 * depthwise convolution whose filter for channel (i, ch) is image i's kernel. Borders mirror
 * without repeating the edge pixel (OpenCV's default BORDER_REFLECT_101).
 */
import * as tf from '@tensorflow/tfjs';

/** OpenCV's getGaussianKernel: size `k` (odd), standard deviation `sigma`, sums to 1. */
export function gaussianKernel1d(k: number, sigma: number): Float32Array {
  const out = new Float32Array(k);
  const r = (k - 1) / 2;
  let sum = 0;
  for (let i = 0; i < k; i++) {
    out[i] = Math.exp(-((i - r) ** 2) / (2 * sigma * sigma));
    sum += out[i];
  }
  for (let i = 0; i < k; i++) out[i] /= sum;
  return out;
}

/** Centres a k x k kernel inside a larger K x K one (zeros around it). */
export function padKernel(kernel: Float32Array, k: number, K: number): Float32Array {
  if (k === K) return kernel;
  const out = new Float32Array(K * K);
  const o = (K - k) / 2;
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) out[(r + o) * K + c + o] = kernel[r * k + c];
  return out;
}

function toChannels(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return x.transpose([1, 2, 0, 3]).reshape([1, h, w, n * c]);
}

function fromChannels(y: tf.Tensor4D, n: number, c: number): tf.Tensor4D {
  const [, h, w] = y.shape;
  return y.reshape([h, w, n, c]).transpose([2, 0, 1, 3]) as tf.Tensor4D;
}

/** Builds a depthwise filter [kh, kw, n·c, 1] from one row-major kh x kw kernel per image. */
function depthwiseFilter(kernels: readonly Float32Array[], kh: number, kw: number, c: number): tf.Tensor4D {
  const n = kernels.length;
  const data = new Float32Array(kh * kw * n * c);
  for (let r = 0; r < kh; r++) {
    for (let q = 0; q < kw; q++) {
      const base = (r * kw + q) * n * c;
      for (let i = 0; i < n; i++) {
        const v = kernels[i][r * kw + q];
        for (let ch = 0; ch < c; ch++) data[base + i * c + ch] = v;
      }
    }
  }
  return tf.tensor4d(data, [kh, kw, n * c, 1]);
}

/** Mirror padding that never asks for more than the image has (tf.mirrorPad's limit). */
function reflectPad(x: tf.Tensor4D, ph: number, pw: number): tf.Tensor4D {
  if (ph === 0 && pw === 0) return x;
  return tf.mirrorPad(x, [[0, 0], [ph, ph], [pw, pw], [0, 0]], 'reflect');
}

/** Largest odd kernel whose reflect padding fits an image side (pad ≤ side - 1). */
export function maxKernelFor(side: number): number {
  return Math.max(1, 2 * (side - 1) + 1);
}

/**
 * Convolves image i with its own kh x kw kernel (row-major, correlation as cv2.filter2D does),
 * every channel alike, reflect-101 borders. kh and kw must be odd.
 */
export function perImageFilter2d(x: tf.Tensor4D, kernels: readonly Float32Array[], kh: number, kw: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    if (kh > maxKernelFor(h) || kw > maxKernelFor(w)) throw new Error(`Kernel ${kh}x${kw} is larger than the ${h}x${w} image allows.`);
    const padded = reflectPad(x, (kh - 1) / 2, (kw - 1) / 2);
    const y = tf.depthwiseConv2d(toChannels(padded), depthwiseFilter(kernels, kh, kw, c), 1, 'valid');
    return fromChannels(y, n, c);
  });
}

/** Separable version: image i is filtered by column kernel `ky[i]` then row kernel `kx[i]`. */
export function perImageSeparable(x: tf.Tensor4D, ky: readonly Float32Array[], kx: readonly Float32Array[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const kh = ky[0].length;
    const kw = kx[0].length;
    if (kh > maxKernelFor(h) || kw > maxKernelFor(w)) throw new Error(`Kernel ${kh}x${kw} is larger than the ${h}x${w} image allows.`);
    const padded = toChannels(reflectPad(x, (kh - 1) / 2, (kw - 1) / 2));
    const vertical = tf.depthwiseConv2d(padded, depthwiseFilter(ky, kh, 1, c), 1, 'valid');
    const both = tf.depthwiseConv2d(vertical, depthwiseFilter(kx, 1, kw, c), 1, 'valid');
    return fromChannels(both, n, c);
  });
}
