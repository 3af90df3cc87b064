/**
 * The fused 8-bit path's speed, standard preset, WebAssembly SIMD kernel against the JavaScript
 * loop. Skipped in the unit suite; run with
 *   PERF=1 npx vitest run src/core/pipeline/fused.perf.test.ts
 * Best of 8 batches in process CPU time (this machine's cores are shared).
 */
import { describe, it } from 'vitest';
import { useSimdWarp } from '../transforms/warp-bytes-simd';
import { executeFused } from './fused';
import { plan } from './plan';
import { standardClassificationPreset } from './presets';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

describe.skipIf(!process.env.PERF)('fused path throughput', () => {
  it.each([
    [224, 3, 26],
    [28, 1, 1000],
  ])('%i×%i×%i', (size, c, n) => {
    const per = size * size * c;
    const src = Uint8Array.from({ length: n * per }, (_, i) => (i * 7) % 251);
    const dst = new Uint8Array(src.length);
    const ids = Array.from({ length: n }, (_, i) => `s${i}`);
    const ctx = { height: size, width: size, channels: c };
    const at = (i: number) => i * per;
    for (const simd of [true, false]) {
      useSimdWarp(simd ? 'always' : 'never');
      let best = Infinity;
      for (let r = 0; r < 9; r++) {
        const plans = plan(standardClassificationPreset(), r, ids);
        const t0 = cpuMs();
        executeFused(src, dst, plans, ctx, at, at);
        if (r > 0) best = Math.min(best, cpuMs() - t0);
      }
      console.log(`${size}×${size}×${c} ${simd ? 'WebAssembly SIMD' : 'JavaScript'}: ${((best / n) * 1000).toFixed(0)} µs/image, ${Math.round((n / best) * 1000)} images/s on one thread`);
    }
    useSimdWarp('auto');
  });
});
