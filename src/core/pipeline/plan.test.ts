import { describe, expect, it } from 'vitest';
import { compose, oneOf, pipeline, someOf, transformNode as t } from './nodes';
import { plan } from './plan';
import type { Pipeline } from './types';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `img-${i}`);

const simple = (p = 0.3, limit: [number, number] = [-30, 30]): Pipeline =>
  pipeline('p', 'test', compose('root', [t('flip', 'HorizontalFlip', 0.5), t('rot', 'Rotate', p, { limit }), t('bright', 'Brightness', 0.7)]));

describe('plan', () => {
  it('is a pure function of (seed, sample id, variant)', () => {
    const p = simple(1);
    const a = plan(p, 42, ids(20), 0);
    expect(plan(p, 42, ids(20), 0)).toEqual(a);
    // Any sample regenerates alone, in any order.
    expect(plan(p, 42, ['img-7'], 0)[0]).toEqual(a[7]);
    expect(plan(p, 42, [...ids(20)].reverse(), 0).reverse()).toEqual(a);
  });

  it('gives different parameters for a different id, variant or seed', () => {
    const p = simple(1);
    const angle = (seed: number, id: string, variant: number) => plan(p, seed, [id], variant)[0].steps.find((s) => s.name === 'Rotate')!.params;
    const base = angle(42, 'img-1', 0);
    expect(angle(42, 'img-2', 0)).not.toEqual(base);
    expect(angle(42, 'img-1', 1)).not.toEqual(base);
    expect(angle(43, 'img-1', 0)).not.toEqual(base);
  });

  it('fires a node with p = 0.3 for 30% ± 3% of 10,000 samples', () => {
    const plans = plan(simple(0.3), 7, ids(10000));
    const rate = plans.filter((s) => s.steps.some((x) => x.name === 'Rotate')).length / 10000;
    expect(Math.abs(rate - 0.3)).toBeLessThan(0.03);
  });

  it('applies the pipeline-level p to the whole pipeline', () => {
    const p = pipeline('p', 'test', compose('root', [t('a', 'Invert', 1)], 0.25));
    const rate = plan(p, 1, ids(10000)).filter((s) => s.steps.length > 0).length / 10000;
    expect(Math.abs(rate - 0.25)).toBeLessThan(0.03);
  });

  it('OneOf runs exactly one child, chosen in proportion to the children’s p', () => {
    const p = pipeline('p', 'test', compose('root', [oneOf('one', [t('a', 'Invert', 0.2), t('b', 'ToGray', 0.6), t('c', 'Equalize', 0.2)])]));
    const plans = plan(p, 3, ids(10000));
    plans.forEach((s) => expect(s.steps).toHaveLength(1));
    const share = (name: string) => plans.filter((s) => s.steps[0].name === name).length / 10000;
    expect(Math.abs(share('Invert') - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(share('ToGray') - 0.6)).toBeLessThan(0.03);
  });

  it('SomeOf picks n children; each then fires with its own p; chosen children run in pipeline order', () => {
    const kids = [t('a', 'Invert', 1), t('b', 'ToGray', 1), t('c', 'Equalize', 1), t('d', 'AutoContrast', 0.5)];
    const p = pipeline('p', 'test', compose('root', [someOf('some', 2, kids)]));
    const plans = plan(p, 5, ids(4000));
    const order = ['Invert', 'ToGray', 'Equalize', 'AutoContrast'];
    let withD = 0;
    let dPicked = 0;
    for (const s of plans) {
      const names = s.steps.map((x) => x.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual([...names].sort((x, y) => order.indexOf(x) - order.indexOf(y)));
      const pickedD = names.length === 1 || names.includes('AutoContrast');
      if (pickedD) dPicked++;
      if (names.includes('AutoContrast')) withD++;
      expect(names.length === 2 || (names.length === 1 && !names.includes('AutoContrast'))).toBe(true);
    }
    // d is picked half the time (2 of 4), then fires half the time.
    expect(Math.abs(dPicked / 4000 - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(withD / dPicked - 0.5)).toBeLessThan(0.04);
  });

  it('SomeOf with replacement can pick a child twice, with separate draws', () => {
    const p = pipeline('p', 'test', compose('root', [someOf('some', 3, [t('r', 'Rotate', 1), t('i', 'Invert', 1)], 1, true)]));
    const plans = plan(p, 5, ids(200));
    plans.forEach((s) => expect(s.steps).toHaveLength(3));
    const twice = plans.find((s) => s.steps.filter((x) => x.name === 'Rotate').length >= 2)!;
    const angles = twice.steps.filter((x) => x.name === 'Rotate').map((x) => (x.params as { angle: number }).angle);
    expect(angles[0]).not.toBe(angles[1]);
  });

  it('keeps every node’s draws when another node changes', () => {
    const before = plan(simple(1), 9, ids(50));
    const edited = pipeline('p', 'test', compose('root', [t('flip', 'HorizontalFlip', 0.9), t('rot', 'Rotate', 1), t('new', 'Invert', 0.5), t('bright', 'Brightness', 0.7, { limit: [-0.5, 0.5] })]));
    const after = plan(edited, 9, ids(50));
    const rot = (ps: typeof before) => ps.map((s) => s.steps.find((x) => x.node === 'rot')?.params);
    expect(rot(after)).toEqual(rot(before));
  });

  it('morphs values smoothly when a range changes (same uniform draw)', () => {
    const a = plan(simple(1, [-30, 30]), 9, ids(20));
    const b = plan(simple(1, [-60, 60]), 9, ids(20));
    a.forEach((s, i) => {
      const x = (s.steps.find((q) => q.node === 'rot')!.params as { angle: number }).angle;
      const y = (b[i].steps.find((q) => q.node === 'rot')!.params as { angle: number }).angle;
      expect(y).toBeCloseTo(2 * x, 4);
    });
  });

  it('solo plans only the chosen node, forced, with the values it draws in the full pipeline', () => {
    const full = plan(simple(0.5), 11, ids(200));
    const solo = plan(simple(0.5), 11, ids(200), 0, { solo: 'rot' });
    solo.forEach((s, i) => {
      expect(s.steps.map((x) => x.node)).toEqual(['rot']);
      const inFull = full[i].steps.find((x) => x.node === 'rot');
      if (inFull) expect(s.steps[0].params).toEqual(inFull.params);
    });
    expect(() => plan(simple(), 1, ['a'], 0, { solo: 'nope' })).toThrow(/No node "nope"/);
  });

  it('skips disabled nodes and records where the warp runs', () => {
    const p = pipeline('p', 'test', compose('root', [t('b', 'Brightness', 1), { ...t('off', 'Invert', 1), enabled: false }, t('rot', 'Rotate', 1), t('flip', 'HorizontalFlip', 1)]));
    const [s] = plan(p, 1, ['x']);
    expect(s.steps.map((x) => x.name)).toEqual(['Brightness', 'Rotate', 'HorizontalFlip']);
    expect(s.steps.map((x) => x.at)).toEqual([0, 2, 3]);
    expect(s.warpAt).toBe(2);
  });

  it('plans are small JSON records', () => {
    const plans = plan(simple(1), 1, ids(3));
    expect(JSON.parse(JSON.stringify(plans))).toEqual(plans);
    expect(JSON.stringify(plans[0]).length).toBeLessThan(400);
  });

  it('draws mixing partners from a stable pool, never the sample itself', () => {
    const p = pipeline('p', 'test', compose('root', [t('mix', 'MixUp', 1)]));
    const pool = ids(100);
    const all = plan(p, 3, pool, 0, { pool });
    all.forEach((s) => expect((s.steps[0].params as { partner: string }).partner).not.toBe(s.sampleId));
    expect(new Set(all.map((s) => (s.steps[0].params as { partner: string }).partner)).size).toBeGreaterThan(40);
    expect(plan(p, 3, ['img-5'], 0, { pool })[0]).toEqual(all[5]);
  });
});
