/**
 * "How fast is this machine?": the standard classification preset on synthetic images through the
 * same path materialising takes (8-bit in, augment, 8-bit read back), on the augment worker and
 * its helpers. `npm run bench` drives this panel in headless Chromium.
 */
import { useState } from 'react';
import { augmentWorker } from '../../lib/workers';
import type { SpeedTestResult } from '../../../workers/augment/speed-test';

const SIZES = [
  { id: '28x1', size: 28, channels: 1 as const, label: '28×28 grey', count: 10_000 },
  { id: '64x3', size: 64, channels: 3 as const, label: '64×64 RGB', count: 2_000 },
  { id: '224x3', size: 224, channels: 3 as const, label: '224×224 RGB', count: 1_000 },
];

export function SpeedTest() {
  const [sizeId, setSizeId] = useState('28x1');
  const [count, setCount] = useState(10_000);
  const [workers, setWorkers] = useState<number | ''>('');
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<SpeedTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const size = SIZES.find((s) => s.id === sizeId)!;

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setResult(await augmentWorker.get().speedTest({ count, size: size.size, channels: size.channels, workers: workers === '' ? undefined : workers, engine: true }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <details className="speed-test">
      <summary>Throughput on this machine</summary>
      <div className="row">
        <select
          value={sizeId}
          data-testid="speed-size"
          onChange={(e) => {
            setSizeId(e.target.value);
            setCount(SIZES.find((s) => s.id === e.target.value)!.count);
          }}
        >
          {SIZES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <label>
          images <input type="number" min={1} max={100000} value={count} onChange={(e) => setCount(Math.max(1, Math.round(Number(e.target.value)) || 1))} data-testid="speed-count" />
        </label>
        <label title="Workers computing at once (WASM/CPU only); empty: one per core">
          workers <input type="number" min={1} max={16} value={workers} placeholder="auto" onChange={(e) => setWorkers(e.target.value === '' ? '' : Math.max(1, Math.min(16, Math.round(Number(e.target.value)))))} data-testid="speed-workers" />
        </label>
        <button onClick={run} disabled={running} data-testid="speed-run">
          {running ? 'Measuring…' : 'Measure'}
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {result && (
        <div data-testid="speed-result" data-json={JSON.stringify(result)}>
          <p>
            <strong>{Math.round(result.imagesPerSecond).toLocaleString('en')} images/s</strong> ({result.count.toLocaleString('en')} at {result.size}×{result.size}×{result.channels}, standard
            classification preset, 8-bit in and out) on {result.backend}
            {result.wasmThreads !== null && ` (${result.wasmThreads} WASM thread${result.wasmThreads > 1 ? 's' : ''} each)`}, {result.workers} worker{result.workers > 1 ? 's' : ''}.
            {result.engine && ` The engine alone on one worker (float in and out): ${Math.round(result.engine.imagesPerSecond).toLocaleString('en')} images/s.`}
          </p>
          <p className="muted">
            Time summed over workers: plan {result.phases.planMs.toFixed(0)} ms, upload {result.phases.uploadMs.toFixed(0)} ms, augment {result.phases.executeMs.toFixed(0)} ms, read-back{' '}
            {result.phases.readbackMs.toFixed(0)} ms.
          </p>
        </div>
      )}
    </details>
  );
}
