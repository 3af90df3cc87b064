/** One image large: its working-resolution pixels, the original file, and where it came from. */
import { useEffect, useState } from 'react';
import type { ImageDetail } from '../../../workers/dataset.worker';
import { classDisplayName, formatBytes } from '../../lib/format';
import { datasetWorker } from '../../lib/workers';
import { BitmapCanvas } from './BitmapCanvas';

export function ImageViewer({ datasetId, imageId, onClose }: { datasetId: string; imageId: string; onClose(): void }) {
  const [detail, setDetail] = useState<ImageDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [originalUrl, setOriginalUrl] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let url: string | null = null;
    datasetWorker
      .get()
      .image(datasetId, imageId)
      .then((d) => {
        if (!live) return d.bitmap.close();
        setDetail(d);
        if (d.original) setOriginalUrl((url = URL.createObjectURL(d.original)));
      })
      .catch((e: Error) => setError(e.message));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [datasetId, imageId]);

  useEffect(() => {
    const key = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [onClose]);

  const r = detail?.record;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal image-viewer" role="dialog" aria-label="Image" data-testid="image-viewer" onClick={(e) => e.stopPropagation()}>
        {error && <p className="error">{error}</p>}
        {detail && r && (
          <>
            <div className="viewer-images">
              <figure>
                <BitmapCanvas bitmap={detail.bitmap} size={256} className="pixelated" />
                <figcaption>working copy, {detail.bitmap.width}×{detail.bitmap.height}</figcaption>
              </figure>
              {originalUrl && (
                <figure>
                  <img src={originalUrl} alt={r.sourceName} className="original" />
                  <figcaption>original, {r.width}×{r.height}</figcaption>
                </figure>
              )}
            </div>
            <dl>
              <dt>File</dt>
              <dd data-testid="viewer-file">{r.sourceName}</dd>
              <dt>Class</dt>
              <dd>{classDisplayName(r.label)}</dd>
              <dt>Split</dt>
              <dd>{r.split ?? 'none (unsplit)'}</dd>
              <dt>Kind</dt>
              <dd>{r.kind}{detail.derivedFromName && ` of ${detail.derivedFromName}`}</dd>
              {r.kind === 'original' && (
                <>
                  <dt>Size</dt>
                  <dd>{r.width}×{r.height}, {r.mime.replace('image/', '').toUpperCase()}, {formatBytes(r.bytes)}</dd>
                  <dt>SHA-256</dt>
                  <dd><code>{r.hash.slice(0, 16)}…</code></dd>
                </>
              )}
              {r.recipe && (
                <>
                  <dt>Recipe</dt>
                  <dd><pre>{JSON.stringify(r.recipe, null, 1)}</pre></dd>
                </>
              )}
            </dl>
          </>
        )}
        <div className="modal-actions">
          <button onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
