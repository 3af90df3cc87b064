/** The pre-export summary for the current options, recomputed (debounced) when they or the data change. */
import { useEffect, useState } from 'react';
import type { ExportOptions } from '../../core/export';
import { exportWorker } from '../../lib/workers';
import type { ExportExtrasOptions, ExportPreview } from '../../../workers/export/types';

export interface PreviewState {
  preview: ExportPreview | null;
  loading: boolean;
  error: string | null;
}

export function usePreview(datasetId: string | null, options: ExportOptions, extras: ExportExtrasOptions, revision: number, valid: boolean): PreviewState {
  const [state, setState] = useState<PreviewState>({ preview: null, loading: false, error: null });
  const key = JSON.stringify([options, extras]);
  useEffect(() => {
    if (!datasetId || !valid) {
      setState({ preview: null, loading: false, error: null });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    // Planning 50,000 images takes about a second: wait for typing to settle.
    const timer = setTimeout(() => {
      exportWorker
        .get()
        .preview(datasetId, ...(JSON.parse(key) as [ExportOptions, ExportExtrasOptions]))
        .then((preview) => live && setState({ preview, loading: false, error: null }))
        .catch((e: Error) => live && setState({ preview: null, loading: false, error: e.message }));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [datasetId, key, revision, valid]);
  return state;
}
