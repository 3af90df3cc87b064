import { describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../transforms/registry';
import { compose, oneOf, pipeline, someOf, transformNode as t } from './nodes';
import { PRESETS } from './presets';
import { parsePipeline, pipelineFromUrlHash, pipelineToUrlHash, serialisePipeline } from './serialise';
import { validatePipeline } from './validate';

const everything = () =>
  pipeline('all', 'Everything', compose('root', [
    oneOf('g1', TRANSFORMS.slice(0, 10).map((x, i) => t(`a${i}`, x.name, 0.4))),
    someOf('g2', 3, TRANSFORMS.slice(10, 20).map((x, i) => t(`b${i}`, x.name, 0.6)), 0.9, true),
    ...TRANSFORMS.slice(20).map((x, i) => ({ ...t(`c${i}`, x.name, 0.25), enabled: i % 2 === 0 })),
  ], 0.95), 1234);

const good = () => JSON.parse(serialisePipeline(everything()));

describe('serialisation', () => {
  it('round-trips every preset and a pipeline with every transform', () => {
    for (const p of [...PRESETS.map((x) => x.build()), everything()]) {
      const text = serialisePipeline(p);
      const back = parsePipeline(text);
      expect(back.errors).toEqual([]);
      expect(back.warnings).toEqual([]);
      expect(back.pipeline).toEqual(p);
      expect(serialisePipeline(back.pipeline!)).toBe(text);
    }
  });

  it('round-trips through a URL hash', () => {
    const p = everything();
    const hash = pipelineToUrlHash(p);
    expect(hash).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(serialisePipeline(p).length / 3);
    expect(pipelineFromUrlHash(`#${hash}`).pipeline).toEqual(p);
    expect(pipelineFromUrlHash('#not-a-pipeline').errors[0].message).toMatch(/does not contain a readable pipeline/);
  });

  it('fills missing parameters and ids with defaults', () => {
    const r = validatePipeline({ version: 1, id: 'x', name: 'x', root: { type: 'compose', children: [{ type: 'transform', name: 'Rotate' }] } });
    expect(r.errors).toEqual([]);
    const node = r.pipeline!.root.children[0];
    expect(node).toMatchObject({ type: 'transform', name: 'Rotate', p: 1, params: { limit: [-30, 30], border: 'constant' } });
    expect(node.id).toBeTruthy();
    expect(node.id).not.toBe(r.pipeline!.root.id);
  });
});

describe('validation messages', () => {
  it('malformed JSON says so, with where', () => {
    const r = parsePipeline('{"version": 1,\n "id": "x",\n "root": {]}');
    expect(r.pipeline).toBeNull();
    expect(r.errors[0].message).toMatch(/not valid JSON/);
    expect(r.errors[0].message).toMatch(/line 3/);
  });

  it('an out-of-range parameter names the transform, node, parameter and range', () => {
    const j = good();
    j.root.children[0].children[3].params.limit = [-200, 30]; // a3 is Rotate
    const r = validatePipeline(j);
    expect(r.pipeline).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toBe('Rotate (node "a3"): parameter "limit" = [-200, 30] is outside its allowed range -180 to 180.');
    expect(r.errors[0].path).toBe('root.children[0].children[3].params.limit');
  });

  it('other bad values get specific messages', () => {
    const cases: Array<[(j: any) => void, RegExp]> = [
      [(j) => (j.root.children[0].children[4].params.border = 'mirror'), /Affine \(node "a4"\): parameter "border" should be one of "constant", "edge", "reflect", "reflect101", "wrap", got "mirror"/],
      [(j) => (j.root.children[0].children[4].params.scale = [1.2, 0.9]), /parameter "scale" = \[1.2, 0.9\] has its low end above its high end/],
      [(j) => (j.root.children[0].children[4].params.keepRatio = 'yes'), /parameter "keepRatio" should be true or false/],
      [(j) => (j.root.children[0].p = 1.5), /probability p = 1.5 is outside its allowed range 0 to 1/],
      [(j) => (j.root.children[1].n = -1), /n should be a whole number ≥ 0/],
      [(j) => (j.version = 2), /version 2 is not supported/],
      [(j) => delete j.version, /no "version"/],
      [(j) => delete j.root, /no "root"/],
      [(j) => (j.root.children[2].id = 'a0'), /Node id "a0" is used twice/],
      [(j) => (j.root.children[0].type = 'anyOf'), /type should be one of "transform", "compose", "oneOf", "someOf", got "anyOf"/],
      [(j) => (j.root.children.find((c: any) => c.name === 'JpegCompression').params.quality = [0, 50]), /JpegCompression \(node "c\d+"\): parameter "quality" = \[0, 50\] is outside its allowed range 1 to 100\./],
      [(j) => (j.root.children.find((c: any) => c.name === 'JpegCompression').params.quality = [20.5, 50]), /parameter "quality" should be whole numbers/],
    ];
    for (const [edit, pattern] of cases) {
      const j = good();
      edit(j);
      const r = validatePipeline(j);
      expect(r.pipeline, String(pattern)).toBeNull();
      expect(r.errors.map((e) => e.message).join('\n')).toMatch(pattern);
    }
    const r = validatePipeline(null);
    expect(r.errors[0].message).toMatch(/should be a JSON object/);
  });

  it('unknown transforms are named, skipped, and the rest imported', () => {
    const j = good();
    j.root.children.push({ id: 'z1', type: 'transform', name: 'RandomFog', p: 0.5, params: {} });
    j.root.children[0].children.push({ id: 'z2', type: 'transform', name: 'Superpixels', p: 0.5 });
    const r = validatePipeline(j);
    expect(r.errors).toEqual([]);
    expect(r.unknownTransforms).toEqual(['Superpixels', 'RandomFog']);
    expect(r.warnings.map((w) => w.message).join('\n')).toMatch(/Unknown transform "RandomFog" \(node "z1"\) was skipped/);
    expect(r.pipeline).toEqual(everything());
  });

  it('unknown parameters are ignored with a warning', () => {
    const j = good();
    j.root.children[0].children[3].params.colour = 'red';
    const r = validatePipeline(j);
    expect(r.pipeline).toEqual(everything());
    expect(r.warnings[0].message).toBe('Rotate (node "a3") has no parameter "colour"; it was ignored.');
  });
});
