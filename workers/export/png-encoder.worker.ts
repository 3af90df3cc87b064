/** Encodes PNGs for the export worker's pool: pixels in, PNG bytes out (both transferred). */
import { encodePng, type PngChannels } from '../../src/core/export/png-encode';

export interface EncodeJob {
  id: number;
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: PngChannels;
}

export type EncodeReply = { id: number; png: Uint8Array } | { id: number; error: string };

self.onmessage = (e: MessageEvent<EncodeJob>) => {
  const { id, pixels, width, height, channels } = e.data;
  try {
    const png = encodePng(pixels, width, height, channels);
    (self as unknown as Worker).postMessage({ id, png } satisfies EncodeReply, [png.buffer]);
  } catch (err) {
    (self as unknown as Worker).postMessage({ id, error: (err as Error).message } satisfies EncodeReply);
  }
};
