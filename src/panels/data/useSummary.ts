/** The active dataset's summary, refetched when the workspace revision bumps. */
import { useEffect, useState } from 'react';
import type { DatasetSummary } from '../../core/dataset/summary';
import type { DatasetMeta } from '../../core/dataset/types';
import { datasetWorker } from '../../lib/workers';

export function useSummary(datasetId: string | null, revision: number): { meta: DatasetMeta; summary: DatasetSummary } | null {
  const [state, setState] = useState<{ meta: DatasetMeta; summary: DatasetSummary } | null>(null);
  useEffect(() => {
    if (!datasetId) {
      setState(null);
      return;
    }
    let live = true;
    datasetWorker
      .get()
      .summary(datasetId)
      .then((s) => live && setState(s))
      .catch(() => live && setState(null));
    return () => {
      live = false;
    };
  }, [datasetId, revision]);
  return state;
}
