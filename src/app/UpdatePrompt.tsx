/**
 * A new version was deployed: say so and let the user reload when it suits them. The new service
 * worker waits until then, so nothing is swapped under a running job.
 */
import { useRegisterSW } from 'virtual:pwa-register/react';

export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW();

  if (needRefresh) {
    return (
      <div className="toast" role="alert" data-testid="update-prompt">
        <span>A new version of Augment Studio is available.</span>
        <button className="primary" data-testid="update-reload" onClick={() => updateServiceWorker(true)}>Reload</button>
        <button className="ghost" onClick={() => setNeedRefresh(false)}>Later</button>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <div className="toast" role="status" data-testid="offline-ready">
        <span>Augment Studio is installed for offline use.</span>
        <button className="ghost" onClick={() => setOfflineReady(false)}>OK</button>
      </div>
    );
  }
  return null;
}
