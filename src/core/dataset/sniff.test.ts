import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { sniffImage } from './sniff';

function png(width: number, height: number, colorType: 0 | 2 | 6 = 6): Uint8Array {
  const img = new PNG({ width, height, colorType, inputColorType: 6 });
  img.data.fill(128);
  return new Uint8Array(PNG.sync.write(img, { colorType }));
}

function jpg(width: number, height: number): Uint8Array {
  const data = Buffer.alloc(width * height * 4, 200);
  return new Uint8Array(jpeg.encode({ data, width, height }, 80).data);
}

describe('sniffImage', () => {
  it('reads PNG size and channels from the header', () => {
    expect(sniffImage(png(7, 5, 0))).toEqual({ ok: true, header: { mime: 'image/png', width: 7, height: 5, channels: 1 } });
    expect(sniffImage(png(3, 9, 2))).toMatchObject({ ok: true, header: { width: 3, height: 9, channels: 3 } });
    expect(sniffImage(png(4, 4, 6))).toMatchObject({ ok: true, header: { channels: 4 } });
  });

  it('reads JPEG size from its SOF marker', () => {
    expect(sniffImage(jpg(33, 17))).toMatchObject({ ok: true, header: { mime: 'image/jpeg', width: 33, height: 17, channels: 3 } });
  });

  it('calls a truncated PNG or JPEG corrupt', () => {
    const p = png(16, 16);
    expect(sniffImage(p.subarray(0, p.length - 20))).toMatchObject({ ok: false, reason: 'corrupt' });
    const j = jpg(16, 16);
    expect(sniffImage(j.subarray(0, Math.floor(j.length * 0.7)))).toMatchObject({ ok: false, reason: 'corrupt' });
  });

  it('calls text and random bytes not-an-image, whatever the name', () => {
    expect(sniffImage(new TextEncoder().encode('just some text, saved as photo.jpg'))).toMatchObject({ ok: false, reason: 'not-an-image' });
    expect(sniffImage(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'not-an-image' });
  });

  it('reads GIF, BMP and WebP (VP8X) headers', () => {
    const gif = new Uint8Array([...new TextEncoder().encode('GIF89a'), 10, 0, 20, 0, 0, 0, 0]);
    expect(sniffImage(gif)).toMatchObject({ ok: true, header: { mime: 'image/gif', width: 10, height: 20 } });
    const bmp = new Uint8Array(54);
    const bv = new DataView(bmp.buffer);
    bmp.set([0x42, 0x4d]);
    bv.setUint32(2, 54, true);
    bv.setInt32(18, 12, true);
    bv.setInt32(22, -8, true);
    expect(sniffImage(bmp)).toMatchObject({ ok: true, header: { mime: 'image/bmp', width: 12, height: 8 } });
    const webp = new Uint8Array(30);
    webp.set(new TextEncoder().encode('RIFF'));
    new DataView(webp.buffer).setUint32(4, 22, true);
    webp.set(new TextEncoder().encode('WEBPVP8X'), 8);
    webp.set([0x10, 0, 0, 0, 99, 0, 0, 49, 0, 0], 20);
    expect(sniffImage(webp)).toMatchObject({ ok: true, header: { mime: 'image/webp', width: 100, height: 50, channels: 4 } });
  });

  it('reads the size of a 12000×12000 PNG header without decoding it', () => {
    const p = png(1, 1);
    const v = new DataView(p.buffer, p.byteOffset);
    v.setUint32(16, 12000);
    v.setUint32(20, 12000);
    expect(sniffImage(p)).toMatchObject({ ok: true, header: { width: 12000, height: 12000 } });
  });
});
