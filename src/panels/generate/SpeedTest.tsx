/**
 * Training speed here, per backend: the benchmark DCGAN (28×28×1, batch 64) and conv VAE, timed
 * in a fresh train worker so the loaded model is untouched. Software GPU adapters (SwiftShader,
 * llvmpipe) take over a minute per DCGAN step: measure one step there, or skip them.
 */
import { useState } from 'react';
import { BACKENDS, type BackendName } from '../../core/backend';
import { Comlink, makeTrainWorker } from '../../lib/workers';
import type { TrainApi } from '../../../workers/train.worker';
import { describeError } from './trainClient';

type Result = Awaited<ReturnType<TrainApi['speedTest']>> & { requested: string };

export function SpeedTest() {
  const [model, setModel] = useState<'dcgan' | 'vae'>('dcgan');
  const [backend, setBackend] = useState<BackendName | 'auto'>('auto');
  const [batch, setBatch] = useState(64);
  const [quick, setQuick] = useState(false);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<Result[]>([]);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    const w = makeTrainWorker();
    const api = Comlink.wrap<TrainApi>(w);
    try {
      await api.init(backend === 'auto' ? undefined : backend);
      const r = await api.speedTest(
        quick ? { model, batchSize: batch, warmupSteps: 1, windows: 1, windowSteps: 1 } : { model, batchSize: batch, warmupSteps: 3, windows: 5, windowSteps: 4 },
      );
      setResults((old) => [{ ...r, requested: backend }, ...old]);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      api[Comlink.releaseProxy]();
      w.terminate();
      setRunning(false);
    }
  };

  return (
    <details className="speed-test" data-testid="speed-test">
      <summary>Training speed on this machine</summary>
      <div className="fields">
        <label className="field">
          <span>Model</span>
          <select data-testid="speed-model" value={model} onChange={(e) => setModel(e.target.value as 'dcgan' | 'vae')}>
            <option value="dcgan">DCGAN 28×28×1</option>
            <option value="vae">Conv VAE 28×28×1</option>
          </select>
        </label>
        <label className="field">
          <span>Backend</span>
          <select data-testid="speed-backend" value={backend} onChange={(e) => setBackend(e.target.value as BackendName | 'auto')}>
            <option value="auto">automatic</option>
            {BACKENDS.map((b) => (
              <option key={b} value={b}>{b}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Batch</span>
          <input type="number" data-testid="speed-batch" min={1} max={512} value={batch} onChange={(e) => setBatch(Math.max(1, Math.min(512, Number(e.target.value) || 1)))} />
        </label>
        <label className="check" title="One warm-up step and one timed step (for software GPUs, where a step takes minutes)">
          <input type="checkbox" data-testid="speed-quick" checked={quick} onChange={(e) => setQuick(e.target.checked)} />
          one step only
        </label>
        <button className="primary" data-testid="speed-run" disabled={running} onClick={() => void run()}>
          {running ? 'Measuring…' : 'Measure'}
        </button>
      </div>
      {error && <p className="error" data-testid="speed-error">{error}</p>}
      {results.length > 0 && (
        <table className="speed-results">
          <thead>
            <tr>
              <th>model</th>
              <th>backend</th>
              <th>batch</th>
              <th>steps/s</th>
              <th>images/s</th>
              <th>ms/step (median)</th>
              <th>GFLOP/s</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r, i) => (
              <tr
                key={i}
                data-testid="speed-result"
                data-model={r.model}
                data-backend={r.backend}
                data-json={JSON.stringify({ model: r.model, backend: r.backend, adapter: r.adapter, threads: r.threads, batchSize: r.batchSize, steps: r.steps, msPerStep: r.msPerStep, stepsPerSecond: r.stepsPerSecond, imagesPerSecond: r.imagesPerSecond, gflopPerStep: r.gflopPerStep, gflops: r.gflops })}
              >
                <td>{r.model}</td>
                <td title={r.adapter}>{r.backend}{r.backend === 'wasm' ? ` (${r.threads} thread${r.threads === 1 ? '' : 's'})` : ''}</td>
                <td>{r.batchSize}</td>
                <td>{r.stepsPerSecond.toFixed(2)}</td>
                <td>{r.imagesPerSecond.toFixed(0)}</td>
                <td>{r.msPerStep.median.toFixed(0)}</td>
                <td>{r.gflops.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
