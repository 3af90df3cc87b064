import { describe, expect, it } from 'vitest';
import { autoFormat, fitRect, fromRgba, isGrey, parseHexColour, toRgba } from './fit';

describe('fitRect', () => {
  it('letterboxes a wide image centred, keeping its aspect', () => {
    expect(fitRect(200, 100, 64, 'letterbox')).toEqual({ sx: 0, sy: 0, sw: 200, sh: 100, dx: 0, dy: 16, dw: 64, dh: 32 });
  });
  it('center-crops a tall image to its middle square', () => {
    expect(fitRect(100, 300, 32, 'crop')).toEqual({ sx: 0, sy: 100, sw: 100, sh: 100, dx: 0, dy: 0, dw: 32, dh: 32 });
  });
});

describe('pixel conversions', () => {
  const rgba = new Uint8ClampedArray([255, 0, 0, 255, 10, 20, 30, 255]);
  it('keeps RGB and drops alpha', () => {
    expect([...fromRgba(rgba, 3)]).toEqual([255, 0, 0, 10, 20, 30]);
  });
  it('makes BT.601 luma for one channel', () => {
    expect([...fromRgba(rgba, 1)]).toEqual([Math.round(0.299 * 255), Math.round(0.299 * 10 + 0.587 * 20 + 0.114 * 30)]);
  });
  it('expands back to RGBA for display', () => {
    expect([...toRgba(new Uint8Array([7, 9]), 1)]).toEqual([7, 7, 7, 255, 9, 9, 9, 255]);
  });
  it('tells grey content apart', () => {
    expect(isGrey(new Uint8Array([5, 5, 5, 255, 9, 9, 9, 0]))).toBe(true);
    expect(isGrey(rgba)).toBe(false);
  });
});

describe('autoFormat', () => {
  it('keeps 28×28 grey data at 28×28×1', () => {
    expect(autoFormat({ width: 28, height: 28, grey: true })).toMatchObject({ size: 28, channels: 1 });
  });
  it('uses 64×64×3 for colour photos, and obeys overrides', () => {
    expect(autoFormat({ width: 640, height: 480, grey: false })).toMatchObject({ size: 64, channels: 3, fit: 'letterbox', background: '#ffffff' });
    expect(autoFormat({ width: 28, height: 28, grey: true }, { size: 32, channels: 3 })).toMatchObject({ size: 32, channels: 3 });
  });
  it('parses colours', () => {
    expect(parseHexColour('#102030')).toEqual([16, 32, 48]);
  });
});
