/**
 * Browser decoding for ingest. Small PNGs decode in JavaScript (microseconds each); everything
 * else goes through createImageBitmap, the browser's own decoder, off the main thread. Fitting
 * to the working size happens on an OffscreenCanvas, or in plain code when no resize is needed.
 */
import { fitRect } from '../../src/core/dataset/fit';
import type { DecodedImage } from '../../src/core/dataset/ingest';
import { compositeOnBackground, decodePngRgba, type RgbaImage } from '../../src/core/dataset/png-rgba';
import type { ImageHeader } from '../../src/core/dataset/sniff';
import type { WorkingFormat } from '../../src/core/dataset/types';

/** PNGs up to this many pixels take the JavaScript fast path. */
const FAST_PNG_PIXELS = 512 * 512;

const canvases = new Map<number, OffscreenCanvasRenderingContext2D>();

function context(size: number): OffscreenCanvasRenderingContext2D {
  let ctx = canvases.get(size);
  if (!ctx) {
    ctx = new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true })!;
    canvases.set(size, ctx);
  }
  return ctx;
}

function drawFitted(source: CanvasImageSource, width: number, height: number, format: WorkingFormat): Uint8ClampedArray {
  const ctx = context(format.size);
  const r = fitRect(width, height, format.size, format.fit);
  ctx.globalCompositeOperation = 'copy';
  ctx.fillStyle = format.background;
  ctx.fillRect(0, 0, format.size, format.size);
  ctx.globalCompositeOperation = 'source-over';
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, r.sx, r.sy, r.sw, r.sh, r.dx, r.dy, r.dw, r.dh);
  return ctx.getImageData(0, 0, format.size, format.size).data;
}

function fromPixels(img: RgbaImage): DecodedImage {
  let canvas: OffscreenCanvas | undefined;
  return {
    width: img.width,
    height: img.height,
    render(format) {
      if (img.width === format.size && img.height === format.size) {
        return compositeOnBackground(img.data.slice(), format.background);
      }
      if (!canvas) {
        canvas = new OffscreenCanvas(img.width, img.height);
        canvas.getContext('2d')!.putImageData(new ImageData(img.data as Uint8ClampedArray<ArrayBuffer>, img.width, img.height), 0, 0);
      }
      return drawFitted(canvas, img.width, img.height, format);
    },
    close() {
      canvas = undefined;
    },
  };
}

export async function decodeImage(bytes: Uint8Array, header: ImageHeader): Promise<DecodedImage> {
  if (header.mime === 'image/png' && header.width * header.height <= FAST_PNG_PIXELS) {
    const img = decodePngRgba(bytes);
    if (img) return fromPixels(img);
  }
  // Pixel values as stored in the file: no colour-profile conversion, no premultiplication.
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: header.mime }), {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  return {
    width: bitmap.width,
    height: bitmap.height,
    render: (format) => drawFitted(bitmap, bitmap.width, bitmap.height, format),
    close: () => bitmap.close(),
  };
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
