/** The status bar: the compute backend (and why better ones are not used), storage, and network state. */
import { useEffect, useState } from 'react';
import { describeChoice } from '../core/backend';
import { formatBytes } from '../lib/format';
import { useBackend } from '../store/backend';
import { useWorkspace } from '../store/workspace';

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function useStorage(revision: number): { usage: number; quota: number } | null {
  const [est, setEst] = useState<{ usage: number; quota: number } | null>(null);
  useEffect(() => {
    const read = () => navigator.storage?.estimate?.().then((e) => setEst({ usage: e.usage ?? 0, quota: e.quota ?? 0 }));
    void read();
    // Other things fill storage too (the offline cache, checkpoints): look again now and then.
    const timer = setInterval(read, 15_000);
    return () => clearInterval(timer);
  }, [revision]);
  return est;
}

export function StatusBar() {
  const choice = useBackend((s) => s.image);
  const error = useBackend((s) => s.error);
  const revision = useWorkspace((s) => s.revision);
  const online = useOnline();
  const storage = useStorage(revision);
  const detail = choice ? describeChoice(choice) : error ?? 'starting…';

  return (
    <footer className="status-bar">
      <span className="backend" data-testid="backend" title={detail}>
        <strong>{choice ? choice.backend.toUpperCase() : error ? 'error' : '…'}</strong>
        <span className="backend-detail">{choice ? ` ${choice.backend} · ${choice.adapter}` : ` ${detail}`}</span>
        {choice && choice.skipped.length > 0 && (
          <span className="backend-why" data-testid="backend-reason">
            {' '}· not used: {choice.skipped.map((s) => `${s.backend} (${s.reason})`).join('; ')}
          </span>
        )}
      </span>
      <span className="spacer" />
      {storage && (
        <span data-testid="storage-usage" title="Space this site uses in the browser, and what the browser allows it">
          {formatBytes(storage.usage)} used of {formatBytes(storage.quota)}
        </span>
      )}
      <span className={online ? 'net online' : 'net offline'} data-testid="network-state">
        {online ? 'online — nothing is uploaded' : 'offline'}
      </span>
    </footer>
  );
}
