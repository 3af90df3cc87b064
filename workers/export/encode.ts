/**
 * Encodes working pixels for the zip: PNG with our own encoder (grey stays grey, and the bytes are
 * the same in every browser and in Node), JPEG and WebP with the browser's encoder through an
 * OffscreenCanvas (quality 0–1, as convertToBlob takes it).
 */
import { toRgba } from '../../src/core/dataset/fit';
import type { WorkingFormat } from '../../src/core/dataset/types';
import { IMAGE_FORMAT_MIME, encodePng, type ImageFormat } from '../../src/core/export';
import type { PngEncoderPool } from './png-pool';

const canvases = new Map<number, OffscreenCanvasRenderingContext2D>();

function context(size: number): OffscreenCanvasRenderingContext2D {
  let ctx = canvases.get(size);
  if (!ctx) {
    const c = new OffscreenCanvas(size, size).getContext('2d');
    if (!c) throw new Error('This browser cannot draw on an OffscreenCanvas in a worker, so it cannot encode JPEG or WebP here: export as PNG.');
    canvases.set(size, (ctx = c));
  }
  return ctx;
}

/** Encodes one image of the working format; PNGs on the pool's cores when one is given. */
export async function encodeImage(
  pixels: Uint8Array,
  format: WorkingFormat,
  encode: { format: ImageFormat; quality: number },
  pool?: PngEncoderPool,
): Promise<Uint8Array> {
  const { size, channels } = format;
  if (encode.format === 'png') return pool ? pool.encode(pixels, size, size, channels) : encodePng(pixels, size, size, channels);
  const ctx = context(size);
  ctx.putImageData(new ImageData(toRgba(pixels, channels) as Uint8ClampedArray<ArrayBuffer>, size, size), 0, 0);
  // convertToBlob copies the bitmap when called, so the canvas is free for the next image at once.
  const type = IMAGE_FORMAT_MIME[encode.format];
  const blob = await (ctx.canvas as OffscreenCanvas).convertToBlob({ type, quality: encode.quality });
  if (blob.type !== type) throw new Error(`This browser cannot encode ${encode.format.toUpperCase()} (it produced ${blob.type || 'nothing'}): choose PNG or another format.`);
  return new Uint8Array(await blob.arrayBuffer());
}
