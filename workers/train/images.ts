/**
 * Turning generated pixels into things the UI draws: grids and strips of images tiled into one
 * RGBA buffer, made into ImageBitmaps (transferred to the main thread, which only draws them).
 */
import * as tf from '@tensorflow/tfjs';

export interface Tiles {
  /** NHWC bytes (0–255). */
  pixels: Uint8Array | Uint8ClampedArray;
  count: number;
  size: number;
  channels: number;
}

const GAP = 1;
const GAP_VALUE = 40;

/** Tiles images row-major into `cols` columns with a 1-pixel dark gap; returns RGBA. */
export function tileRgba(t: Tiles, cols: number): { rgba: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } {
  const { pixels, count, size, channels } = t;
  const rows = Math.max(1, Math.ceil(count / cols));
  const width = cols * size + (cols - 1) * GAP;
  const height = rows * size + (rows - 1) * GAP;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = rgba[i + 1] = rgba[i + 2] = GAP_VALUE;
    rgba[i + 3] = 255;
  }
  const per = size * size * channels;
  for (let n = 0; n < count; n++) {
    const ox = (n % cols) * (size + GAP);
    const oy = Math.floor(n / cols) * (size + GAP);
    const base = n * per;
    for (let y = 0; y < size; y++) {
      let o = ((oy + y) * width + ox) * 4;
      let p = base + y * size * channels;
      for (let x = 0; x < size; x++, o += 4, p += channels) {
        if (channels === 1) rgba[o] = rgba[o + 1] = rgba[o + 2] = pixels[p];
        else {
          rgba[o] = pixels[p];
          rgba[o + 1] = pixels[p + 1];
          rgba[o + 2] = pixels[p + 2];
        }
      }
    }
  }
  return { rgba, width, height };
}

export function tileBitmap(t: Tiles, cols: number): Promise<ImageBitmap> {
  const { rgba, width, height } = tileRgba(t, cols);
  return createImageBitmap(new ImageData(rgba, width, height));
}

/** [n, h, w, c] in [0, 1] → bytes (async read-back). */
export async function toBytes(images: tf.Tensor4D): Promise<Uint8Array> {
  const scaled = tf.tidy(() => tf.cast(tf.round(tf.mul(tf.clipByValue(images, 0, 1), 255)), 'int32'));
  const values = await scaled.data();
  scaled.dispose();
  return Uint8Array.from(values);
}

/** One bitmap per image, plus all of them side by side. */
export async function stripBitmaps(images: tf.Tensor4D): Promise<{ frames: ImageBitmap[]; strip: ImageBitmap }> {
  const [count, size, , channels] = images.shape;
  const pixels = await toBytes(images);
  const per = size * size * channels;
  const frames = await Promise.all(
    Array.from({ length: count }, (_, i) => tileBitmap({ pixels: pixels.subarray(i * per, (i + 1) * per), count: 1, size, channels }, 1)),
  );
  const strip = await tileBitmap({ pixels, count, size, channels }, count);
  return { frames, strip };
}

/** Bytes → [n, size, size, c] float tensor in [0, 1]. */
export function bytesToTensor(pixels: Uint8Array, count: number, size: number, channels: number): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.tensor4d(pixels, [count, size, size, channels], 'int32'), 255) as tf.Tensor4D);
}

/**
 * Resizes a batch to `size`: exact area averaging when the side divides evenly (no aliasing when
 * a 256-pixel dataset trains a 64-pixel model), bilinear otherwise (and when enlarging).
 */
export function resizeImages(x: tf.Tensor4D, size: number): tf.Tensor4D {
  const from = x.shape[1];
  if (from === size) return x.clone();
  return tf.tidy(() => {
    if (from > size && from % size === 0) {
      const f = from / size;
      return tf.avgPool(x, f, f, 'valid') as tf.Tensor4D;
    }
    return tf.image.resizeBilinear(x, [size, size], false, true);
  });
}
