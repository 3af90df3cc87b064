/** Export the loaded model in the TensorFlow.js format (one zip), and import such a zip back. */
import { useRef, useState } from 'react';
import type { DatasetMeta } from '../../core/dataset/types';
import { useGenerate } from '../../store/generate';
import { describeError, train, worker } from './trainClient';

function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ModelFiles({ meta }: { meta: DatasetMeta }) {
  const run = useGenerate((s) => s.run);
  const state = useGenerate((s) => s.state);
  const busy = useGenerate((s) => s.busy);
  const input = useRef<HTMLInputElement>(null);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = state === 'running' || state === 'stepping';

  const exportModel = async () => {
    setExporting(true);
    setError(null);
    try {
      const w = await worker();
      const file = await w.exportModel();
      download(file.name, file.bytes);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="model-files">
      <h3>Model files</h3>
      <p className="muted">
        TensorFlow.js layers format: one folder per network (model.json + weights.bin, loadable with <code>tf.loadLayersModel</code>), plus the training checkpoint, so an import continues where it stopped.
      </p>
      <div className="row">
        <button data-testid="model-export" disabled={!run || running || exporting || !!busy} onClick={() => void exportModel()}>
          {exporting ? 'Exporting…' : 'Export model (.zip)'}
        </button>
        <button disabled={!!busy || running} onClick={() => input.current?.click()}>
          Import model…
        </button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="model-import"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void train.importModel(meta.id, f);
          }}
        />
      </div>
      {error && <p className="error">{error}</p>}
    </section>
  );
}
