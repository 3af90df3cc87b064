import { describe, expect, it } from 'vitest';
import { chunkBytesOf, chunkImagesFor, chunkImagesOf, chunkSlotOf, pixelIndexOf } from './chunks';
import type { Channels, DatasetMeta } from './types';

const MiB = 1024 * 1024;
/** The rule, written out independently: as many images as fit in 8 MiB, between 1 and 512. */
const rule = (size: number, channels: number) => Math.max(1, Math.min(512, Math.floor((8 * MiB) / (size * size * channels))));

describe('pixel chunk size', () => {
  it.each([
    [28, 1, 512],
    [64, 3, 512],
    [256, 3, 42],
    [1024, 3, 2],
  ] as Array<[number, Channels, number]>)('%i×%i×%i gets the rule’s value', (size, channels, expected) => {
    expect(rule(size, channels)).toBe(expected);
    expect(chunkImagesFor({ size, channels })).toBe(rule(size, channels));
  });

  it('keeps every chunk of a working size at most 8 MiB, and large ones over 4 MiB', () => {
    for (const size of [28, 32, 64, 96, 128, 224, 256, 512, 1024]) {
      for (const channels of [1, 3] as Channels[]) {
        const n = chunkImagesFor({ size, channels });
        const bytes = n * size * size * channels;
        expect(bytes).toBeLessThanOrEqual(8 * MiB);
        if (n < 512) expect(bytes).toBeGreaterThan(4 * MiB);
      }
    }
  });

  it('reads a meta stored without the field as 512 images per chunk', () => {
    const legacy: Pick<DatasetMeta, 'format' | 'chunkImages'> = { format: { size: 256, channels: 3, fit: 'letterbox', background: '#ffffff' } };
    expect(chunkImagesOf(legacy)).toBe(512);
    expect(chunkBytesOf(legacy)).toBe(512 * 256 * 256 * 3);
    expect(chunkSlotOf(legacy, 1000)).toEqual({ chunk: 1, slot: 488 });
    expect(chunkImagesOf({ chunkImages: 42 })).toBe(42);
  });

  it('maps a dataset-wide pixel slot to chunk and slot and back', () => {
    const meta = { chunkImages: 42 };
    expect(chunkSlotOf(meta, 41)).toEqual({ chunk: 0, slot: 41 });
    expect(chunkSlotOf(meta, 42)).toEqual({ chunk: 1, slot: 0 });
    expect(chunkSlotOf(meta, 100)).toEqual({ chunk: 2, slot: 16 });
    for (const i of [0, 1, 41, 42, 43, 83, 84, 1000]) expect(pixelIndexOf(meta, chunkSlotOf(meta, i))).toBe(i);
  });
});
