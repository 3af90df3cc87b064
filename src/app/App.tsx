/** The studio shell: header with tabs, the active workspace panel, and the status bar. */
import { useEffect, useState } from 'react';
import { DataPanel } from '../panels/data/DataPanel';
import { ComingSoon } from '../panels/ComingSoon';
import { useWorkspace, type TabName } from '../store/workspace';
import { useBootstrap } from './useBootstrap';
import { SettingsDialog } from './SettingsDialog';
import { StatusBar } from './StatusBar';
import { DropOverlay } from './DropOverlay';
import { UpdatePrompt } from './UpdatePrompt';

const TABS: Array<{ name: TabName; label: string }> = [
  { name: 'data', label: 'Data' },
  { name: 'augment', label: 'Augment' },
  { name: 'generate', label: 'Generate' },
  { name: 'evaluate', label: 'Evaluate' },
  { name: 'export', label: 'Export' },
];

function Panel({ tab }: { tab: TabName }) {
  switch (tab) {
    case 'data':
      return <DataPanel />;
    case 'augment':
      return <ComingSoon title="Augment" what="Build a GPU augmentation pipeline (flips, affine, colour, blur, cutout, MixUp…) and preview it live on your own images, seeded so every sample can be regenerated." />;
    case 'generate':
      return <ComingSoon title="Generate" what="Train a GAN or VAE on your images in a background worker, watch samples improve live, and draw synthetic images per class." />;
    case 'evaluate':
      return <ComingSoon title="Evaluate" what="Train the same classifier on real, augmented and synthetic data and compare them on held-out real images." />;
    case 'export':
      return <ComingSoon title="Export" what="Download a training-ready zip (ImageFolder or Hugging Face layout) with leak-free splits and a manifest of how every file was made." />;
  }
}

export function App() {
  const tab = useWorkspace((s) => s.tab);
  const setTab = useWorkspace((s) => s.setTab);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useBootstrap();

  useEffect(() => {
    document.title = `Augment Studio — ${TABS.find((t) => t.name === tab)?.label}`;
  }, [tab]);

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">Augment Studio</h1>
        <nav className="tabs" role="tablist" aria-label="Workspace">
          {TABS.map((t) => (
            <button
              key={t.name}
              role="tab"
              aria-selected={tab === t.name}
              data-testid={`tab-${t.name}`}
              className={tab === t.name ? 'tab active' : 'tab'}
              onClick={() => setTab(t.name)}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <button className="ghost" data-testid="open-settings" onClick={() => setSettingsOpen(true)}>
          Settings
        </button>
      </header>
      <main className="app-main" role="tabpanel">
        <Panel tab={tab} />
      </main>
      <StatusBar />
      <DropOverlay />
      <UpdatePrompt />
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
