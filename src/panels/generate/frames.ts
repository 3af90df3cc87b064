/**
 * The latest sample grid from the train worker. ImageBitmaps are not serialisable state, so they
 * live here (outside zustand) and components subscribe with useSyncExternalStore.
 */
import { useSyncExternalStore } from 'react';
import type { SampleFrame } from '../../../workers/train/types';

let latest: SampleFrame | null = null;
const listeners = new Set<() => void>();

export function setFrame(frame: SampleFrame | null): void {
  const old = latest;
  latest = frame;
  listeners.forEach((l) => l());
  // Drawn already (or never will be): free the old bitmap's memory now.
  if (old && old !== frame) queueMicrotask(() => old.bitmap.close());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useFrame(): SampleFrame | null {
  return useSyncExternalStore(subscribe, () => latest);
}
