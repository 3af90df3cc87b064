/**
 * Looking inside the model: animated interpolation strips (between two noise vectors; for VAEs
 * also between two chosen training images), VAE reconstructions beside their inputs, and a 2-D
 * latent walk. The worker draws; this only shows bitmaps.
 */
import { useEffect, useRef, useState } from 'react';
import { classDisplayName } from '../../lib/format';
import { useGenerate } from '../../store/generate';
import { isConditional, isGan, type RunInfo, type Strip } from '../../../workers/train/types';
import { describeError, worker } from './trainClient';

export function Bitmap({ bitmap, scale = 2, testId, label, className }: { bitmap: ImageBitmap | null; scale?: number; testId?: string; label?: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c || !bitmap) return;
    c.width = bitmap.width;
    c.height = bitmap.height;
    c.getContext('2d')!.drawImage(bitmap, 0, 0);
  }, [bitmap]);
  return (
    <canvas
      ref={ref}
      className={`pixelated ${className ?? ''}`}
      data-testid={testId}
      role="img"
      aria-label={label}
      style={bitmap ? { width: bitmap.width * scale, height: bitmap.height * scale } : { width: 0, height: 0 }}
    />
  );
}

/** A strip of frames side by side, and the same frames played back and forth. */
export function StripView({ strip, testId, ends }: { strip: Strip | null; testId: string; ends?: ImageBitmap[] }) {
  const [i, setI] = useState(0);
  useEffect(() => {
    if (!strip || strip.frames.length < 2) return;
    const n = strip.frames.length;
    let t = 0;
    const id = setInterval(() => {
      t = (t + 1) % (2 * n - 2);
      setI(t < n ? t : 2 * n - 2 - t);
    }, 120);
    return () => clearInterval(id);
  }, [strip]);
  if (!strip) return null;
  return (
    <div className="strip" data-testid={testId} data-frames={strip.frames.length}>
      <div className="strip-row">
        {ends?.[0] && <Bitmap bitmap={ends[0]} scale={2} label="start image" className="strip-end" />}
        <Bitmap bitmap={strip.strip} scale={2} label="interpolation strip" />
        {ends?.[1] && <Bitmap bitmap={ends[1]} scale={2} label="end image" className="strip-end" />}
      </div>
      <Bitmap bitmap={strip.frames[Math.min(i, strip.frames.length - 1)]} scale={5} testId={`${testId}-animation`} label="interpolation, animated" />
    </div>
  );
}

type Pick = { index: number; label: string; bitmap: ImageBitmap };

/** Frees a strip's bitmaps once a new one replaces it. */
function replaced<T extends Strip & { ends?: ImageBitmap[] }>(next: T) {
  return (old: T | null): T => {
    if (old && old !== next) [...old.frames, old.strip, ...(old.ends ?? [])].forEach((b) => b.close());
    return next;
  };
}

const randomSeed = () => crypto.getRandomValues(new Uint32Array(1))[0];

export function Explore({ run }: { run: RunInfo }) {
  const state = useGenerate((s) => s.state);
  const step = useGenerate((s) => s.step);
  const vae = !isGan(run.model);
  const conditional = isConditional(run.model);
  const idle = state !== 'running' && state !== 'stepping' && state !== 'idle';
  const [className, setClassName] = useState(run.classes[0]);
  const [seeds, setSeeds] = useState<[number, number]>([11, 22]);
  const [steps, setSteps] = useState(10);
  const [noise, setNoise] = useState<Strip | null>(null);
  const [picks, setPicks] = useState<Pick[]>([]);
  const [ends, setEnds] = useState<[number, number] | null>(null);
  const [images, setImages] = useState<(Strip & { ends: ImageBitmap[] }) | null>(null);
  const [recon, setRecon] = useState<{ inputs: ImageBitmap; outputs: ImageBitmap } | null>(null);
  const [walk, setWalk] = useState<ImageBitmap | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run1 = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(null);
    }
  };

  const loadPicks = (seed: number) =>
    run1('picks', async () => {
      const w = await worker();
      const got = await w.pickImages(8, seed, conditional ? className : null);
      setPicks((old) => {
        old.forEach((p) => p.bitmap.close());
        return got;
      });
      setEnds(got.length >= 2 ? [got[0].index, got[1].index] : null);
    });

  // A VAE's image interpolation needs endpoints: offer training images once the model holds still.
  useEffect(() => {
    if (vae && idle && picks.length === 0) void loadPicks(1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vae, idle, run.id]);

  const noiseStrip = () =>
    run1('noise', async () => {
      const w = await worker();
      setNoise(replaced(await w.noiseStrip(seeds[0], seeds[1], steps, conditional ? className : null)));
    });
  const imageStrip = () =>
    run1('images', async () => {
      if (!ends) return;
      const w = await worker();
      setImages(replaced(await w.imageStrip(ends[0], ends[1], steps)));
    });
  const reconstruct = () =>
    run1('recon', async () => {
      const w = await worker();
      const r = await w.reconstructions(8, randomSeed());
      setRecon((old) => {
        old?.inputs.close();
        old?.outputs.close();
        return { inputs: r.inputs, outputs: r.outputs };
      });
    });
  const latentWalk = () =>
    run1('walk', async () => {
      const w = await worker();
      const b = await w.latentWalk(8, conditional ? className : null);
      setWalk((old) => {
        old?.close();
        return b;
      });
    });

  const choose = (index: number) => setEnds((e) => (e ? [e[1], index] : [index, index]));

  return (
    <section className="explore" data-testid="explore">
      <h3>Explore the model <span className="muted">at step {step.toLocaleString('en-US')}</span></h3>
      {!idle && <p className="muted">Pause training to explore the model.</p>}
      <div className="fields">
        {conditional && (
          <label className="field">
            <span>Class</span>
            <select data-testid="explore-class" value={className} onChange={(e) => setClassName(e.target.value)}>
              {run.classes.map((c) => (
                <option key={c} value={c}>{classDisplayName(c)}</option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>Frames</span>
          <input type="number" min={2} max={32} value={steps} onChange={(e) => setSteps(Math.max(2, Math.min(32, Number(e.target.value) || 2)))} />
        </label>
      </div>

      <div className="explore-block">
        <h4>Between two noise vectors {vae ? '(decoded from the prior)' : ''}</h4>
        <div className="row">
          <span className="muted">seeds {seeds[0]} → {seeds[1]}</span>
          <button data-testid="noise-new" disabled={!idle || !!busy} onClick={() => setSeeds([randomSeed(), randomSeed()])}>New pair</button>
          <button className="primary" data-testid={vae ? 'noise-interp-run' : 'interp-run'} disabled={!idle || !!busy} onClick={noiseStrip}>
            {busy === 'noise' ? 'Drawing…' : 'Interpolate'}
          </button>
        </div>
        <StripView strip={noise} testId={vae ? 'noise-strip' : 'interpolation-strip'} />
      </div>

      {vae && (
        <>
          <div className="explore-block">
            <h4>Between two images</h4>
            <p className="muted">Click two training images: the strip walks between their latent codes{conditional ? ' (decoded as the first image’s class)' : ''}.</p>
            <div className="row picks" data-testid="vae-picks">
              {picks.map((p) => (
                <button key={p.index} className={ends && ends.includes(p.index) ? 'pick chosen' : 'pick'} title={classDisplayName(p.label)} onClick={() => choose(p.index)} disabled={!!busy}>
                  <Bitmap bitmap={p.bitmap} scale={2} label={`training image ${p.index}`} />
                </button>
              ))}
              <button disabled={!idle || !!busy} onClick={() => void loadPicks(randomSeed())}>Other images</button>
              <button className="primary" data-testid="interp-run" disabled={!idle || !!busy || !ends} onClick={imageStrip}>
                {busy === 'images' ? 'Drawing…' : 'Interpolate'}
              </button>
            </div>
            <StripView strip={images} ends={images?.ends} testId="interpolation-strip" />
          </div>
          <div className="explore-block">
            <h4>Reconstructions</h4>
            <button data-testid="recon-run" disabled={!idle || !!busy} onClick={reconstruct}>{busy === 'recon' ? 'Drawing…' : 'Reconstruct 8 images'}</button>
            {recon && (
              <div className="recon" data-testid="reconstructions">
                <span className="muted">inputs</span>
                <Bitmap bitmap={recon.inputs} scale={2} label="inputs" />
                <span className="muted">reconstructions</span>
                <Bitmap bitmap={recon.outputs} scale={2} label="reconstructions" />
              </div>
            )}
          </div>
        </>
      )}

      <div className="explore-block">
        <h4>Latent walk</h4>
        <p className="muted">An 8×8 grid over the first two latent dimensions (−2.5 to 2.5), the others at 0.</p>
        <button data-testid="walk-run" disabled={!idle || !!busy} onClick={latentWalk}>{busy === 'walk' ? 'Drawing…' : 'Walk the latent space'}</button>
        {walk && <Bitmap bitmap={walk} scale={2} testId="latent-walk" label="latent walk" />}
      </div>
      {error && <p className="error" data-testid="explore-error">{error}</p>}
    </section>
  );
}
