/** Buttons to pick files, zips or a folder, the working format to import at, and the sample dataset. */
import { useState } from 'react';
import { WORKING_SIZES } from '../../core/dataset/fit';
import type { Channels, Fit } from '../../core/dataset/types';
import { collectFileList } from '../../lib/drop';
import { runImport, sampleSource } from '../../lib/import';
import { useIngest } from '../../store/ingest';
import { useSettings } from '../../store/settings';
import { activeDataset, useWorkspace } from '../../store/workspace';

export function ImportControls() {
  const settings = useSettings((s) => s.importSettings);
  const update = useSettings((s) => s.setImportSettings);
  const running = useIngest((s) => s.running);
  const dataset = useWorkspace(activeDataset);
  const [asNew, setAsNew] = useState(false);

  const onPick = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const list = e.target.files;
    if (!list?.length) return;
    const drop = collectFileList(list);
    e.target.value = '';
    await runImport({ kind: 'files', name: drop.name, files: drop.files, folders: drop.folders }, { asNewDataset: asNew });
  };

  const formatLocked = !!dataset && !asNew;

  return (
    <div className="import-controls">
      <div className="import-buttons">
        <label className={`button primary${running ? ' disabled' : ''}`}>
          Add images or zip…
          <input type="file" multiple hidden disabled={running} data-testid="import-files" accept="image/*,.zip,application/zip" onChange={onPick} />
        </label>
        <label className={`button${running ? ' disabled' : ''}`}>
          Add folder…
          <input
            type="file"
            hidden
            disabled={running}
            data-testid="import-folder"
            onChange={onPick}
            {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
          />
        </label>
        <label className="check" title="Start a separate dataset instead of adding to the open one">
          <input type="checkbox" checked={asNew} onChange={(e) => setAsNew(e.target.checked)} data-testid="import-as-new" /> as a new dataset
        </label>
        <button className="ghost" disabled={running} data-testid="load-sample" onClick={() => runImport(sampleSource(), { asNewDataset: true, newDatasetName: 'Fashion-MNIST subset (sample)' })}>
          Load sample dataset
        </button>
      </div>
      <details className="import-format" data-testid="import-format">
        <summary>
          Import format: {settings.size === 'auto' ? 'auto size' : `${settings.size}×${settings.size}`}, {settings.channels === 'auto' ? 'auto channels' : `${settings.channels} channel${settings.channels === 1 ? '' : 's'}`}, {settings.fit}
          {formatLocked && <span className="muted"> (adding to “{dataset!.name}” uses its {dataset!.format.size}×{dataset!.format.size}×{dataset!.format.channels})</span>}
        </summary>
        <div className="fields">
          <label className="field">
            <span>Working resolution</span>
            <select data-testid="import-size" value={String(settings.size)} onChange={(e) => update({ size: e.target.value === 'auto' ? 'auto' : Number(e.target.value) })}>
              <option value="auto">Auto (28 for 28-px grey data, else 64)</option>
              {WORKING_SIZES.map((s) => (
                <option key={s} value={s}>{s}×{s}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Channels</span>
            <select data-testid="import-channels" value={String(settings.channels)} onChange={(e) => update({ channels: e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as Channels) })}>
              <option value="auto">Auto-detect</option>
              <option value="1">1 (grey)</option>
              <option value="3">3 (RGB)</option>
            </select>
          </label>
          <label className="field">
            <span>Fit</span>
            <select data-testid="import-fit" value={settings.fit} onChange={(e) => update({ fit: e.target.value as Fit })}>
              <option value="letterbox">Keep aspect (letterbox)</option>
              <option value="crop">Center-crop</option>
            </select>
          </label>
          <label className="field">
            <span>Background for transparency and bars</span>
            <input type="color" data-testid="import-background" value={settings.background} onChange={(e) => update({ background: e.target.value })} />
          </label>
        </div>
      </details>
    </div>
  );
}
