/** Settings: force a compute backend, and check that it computes what WASM computes. */
import { useState } from 'react';
import { BACKENDS, type BackendName } from '../core/backend';
import { augmentWorker } from '../lib/workers';
import { useBackend } from '../store/backend';
import { useSettings } from '../store/settings';
import { AboutSection } from './AboutSection';
import { StorageSection } from './StorageSection';

type Check = Awaited<ReturnType<ReturnType<typeof augmentWorker.get>['selfCheck']>>;

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const override = useSettings((s) => s.backendOverride);
  const setOverride = useSettings((s) => s.setBackendOverride);
  const active = useBackend((s) => s.image);
  const [check, setCheck] = useState<Check | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);

  const runCheck = async () => {
    setChecking(true);
    setCheckError(null);
    try {
      setCheck(await augmentWorker.get().selfCheck());
    } catch (e) {
      setCheckError((e as Error).message);
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Settings" onClick={(e) => e.stopPropagation()}>
        <h2>Settings</h2>
        <h3>Compute</h3>
        <label className="field">
          <span>Compute backend</span>
          <select data-testid="backend-override" value={override} onChange={(e) => { setCheck(null); setOverride(e.target.value as BackendName | 'auto'); }}>
            <option value="auto">Automatic (best real hardware)</option>
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {b === 'webgpu' ? 'WebGPU' : b === 'webgl' ? 'WebGL' : b === 'wasm' ? 'WASM' : 'CPU (plain JavaScript)'}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">
          Automatic never picks a software GPU (SwiftShader, llvmpipe): it is far slower than WASM. Forcing one is useful to test the GPU code path.
          Active now: <strong>{active?.backend ?? '…'}</strong>.
        </p>
        <button onClick={runCheck} disabled={checking} data-testid="backend-check-run">
          {checking ? 'Checking…' : 'Check this backend against WASM'}
        </button>
        {check && (
          <p data-testid="backend-check" className={check.matches ? 'ok' : 'error'}>
            {check.backend} {check.matches ? 'matches' : 'DIFFERS FROM'} {check.reference}: largest difference {check.maxAbsDiff.toExponential(2)} on values up to{' '}
            {check.scale.toFixed(2)} ({check.millis.toFixed(0)} ms)
          </p>
        )}
        {checkError && <p className="error">The check failed: {checkError}</p>}
        <StorageSection />
        <AboutSection />
        <div className="modal-actions">
          <button onClick={onClose} data-testid="close-settings">Close</button>
        </div>
      </div>
    </div>
  );
}
