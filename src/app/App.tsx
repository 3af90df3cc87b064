/** The studio shell: header with tabs, the active workspace panel, and the status bar. */
import { useEffect, useState } from 'react';
import { AugmentPanel } from '../panels/augment/AugmentPanel';
import { usePipelineSync } from '../panels/augment/usePipelineSync';
import { DataPanel } from '../panels/data/DataPanel';
import { EvaluatePanel } from '../panels/evaluate/EvaluatePanel';
import { ExportPanel } from '../panels/export/ExportPanel';
import { GeneratePanel } from '../panels/generate/GeneratePanel';
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
      return <AugmentPanel />;
    case 'generate':
      return <GeneratePanel />;
    case 'evaluate':
      return <EvaluatePanel />;
    case 'export':
      return <ExportPanel />;
  }
}

export function App() {
  const tab = useWorkspace((s) => s.tab);
  const setTab = useWorkspace((s) => s.setTab);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useBootstrap();
  usePipelineSync();

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
