/** An arm's confusion matrix (summed over seeds); a click on a cell shows the validation images in it. */
import { useEffect, useMemo, useState } from 'react';
import { confusionCell } from '../../core/evaluate/summarise';
import type { Arm, ExperimentResult } from '../../core/evaluate/types';
import { ARM_WORDS } from '../../core/evaluate/significance';
import { cellImages } from './evaluateClient';

const MAX_IMAGES = 60;

function CellImages({ result, arm, truth, predicted }: { result: ExperimentResult; arm: Arm; truth: number; predicted: number }) {
  const entries = useMemo(() => confusionCell(result, arm, truth, predicted), [result, arm, truth, predicted]);
  const [images, setImages] = useState<Array<{ id: string; seeds: number[]; bitmap?: ImageBitmap; sourceName?: string }>>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // One tile per image, with the seeds that put it in this cell.
    const bySeeds = new Map<string, number[]>();
    for (const e of entries) if (e.id) bySeeds.set(e.id, [...(bySeeds.get(e.id) ?? []), e.seed]);
    const ids = [...bySeeds.keys()].slice(0, MAX_IMAGES);
    setImages(ids.map((id) => ({ id, seeds: bySeeds.get(id)! })));
    setError(null);
    let live = true;
    cellImages(ids)
      .then((list) => {
        if (!live) return list.forEach((t) => t.bitmap.close());
        const got = new Map(list.map((t) => [t.id, t]));
        setImages(ids.map((id) => ({ id, seeds: bySeeds.get(id)!, bitmap: got.get(id)?.bitmap, sourceName: got.get(id)?.sourceName })));
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [entries]);
  const distinct = new Set(entries.map((e) => e.id ?? `${e.seed}:${e.index}`)).size;
  return (
    <div className="eval-cell-images" data-testid="eval-cell-images" data-count={distinct}>
      <p>
        True <strong>{result.classNames[truth]}</strong>, predicted <strong>{result.classNames[predicted]}</strong> by {ARM_WORDS[arm].label}: {entries.length} prediction
        {entries.length === 1 ? '' : 's'} over the seeds, {distinct} image{distinct === 1 ? '' : 's'}
        {distinct > MAX_IMAGES ? ` (the first ${MAX_IMAGES} shown)` : ''}.
      </p>
      {error && <p className="error">{error}</p>}
      <div className="eval-thumbs">
        {images.map((t) => (
          <figure key={t.id} title={`${t.sourceName ?? t.id} — seed${t.seeds.length > 1 ? 's' : ''} ${t.seeds.join(', ')}`}>
            <Thumb bitmap={t.bitmap} />
            <figcaption>{t.seeds.length}×</figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}

function Thumb({ bitmap }: { bitmap?: ImageBitmap }) {
  const ref = (canvas: HTMLCanvasElement | null) => {
    if (!canvas || !bitmap) return;
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  };
  return <canvas ref={ref} className="eval-thumb" role="img" />;
}

export function ConfusionMatrix({ result }: { result: ExperimentResult }) {
  const arms = result.arms.map((a) => a.arm);
  const [arm, setArm] = useState<Arm>(arms.find((a) => a !== 'real') ?? 'real');
  const [cell, setCell] = useState<[number, number] | null>(null);
  const summary = result.arms.find((a) => a.arm === arm) ?? result.arms[0];
  useEffect(() => setCell(null), [result, arm]);
  if (!summary) return null;
  const m = summary.confusion;
  const max = Math.max(1, ...m.flat());
  return (
    <section className="eval-confusion-panel">
      <div className="row">
        <h4>Confusion matrix</h4>
        <select data-testid="eval-confusion-arm" value={summary.arm} onChange={(e) => setArm(e.target.value as Arm)}>
          {arms.map((a) => (
            <option key={a} value={a}>
              {ARM_WORDS[a].label}
            </option>
          ))}
        </select>
        <span className="muted">rows: true class · columns: predicted · summed over {summary.seeds.length} seed{summary.seeds.length === 1 ? '' : 's'} · click a cell to see its images</span>
      </div>
      <div className="eval-confusion-scroll">
        <table className="eval-confusion" data-testid="eval-confusion" data-arm={summary.arm}>
          <thead>
            <tr>
              <th />
              {result.classNames.map((c) => (
                <th key={c} className="col-head" title={c}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.map((row, t) => (
              <tr key={t}>
                <th title={result.classNames[t]}>{result.classNames[t]}</th>
                {row.map((v, p) => (
                  <td
                    key={p}
                    data-testid="eval-confusion-cell"
                    data-truth={t}
                    data-predicted={p}
                    data-count={v}
                    className={`${t === p ? 'diag' : ''} ${cell && cell[0] === t && cell[1] === p ? 'selected' : ''}`}
                    style={{ background: `rgba(${t === p ? '63,185,80' : '248,81,73'}, ${v === 0 ? 0 : 0.12 + 0.75 * (v / max)})` }}
                    onClick={() => v > 0 && setCell([t, p])}
                    title={`true ${result.classNames[t]}, predicted ${result.classNames[p]}: ${v}`}
                  >
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {cell && <CellImages result={result} arm={summary.arm} truth={cell[0]} predicted={cell[1]} />}
    </section>
  );
}
