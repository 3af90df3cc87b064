/** The Augment tab: build a pipeline, see it live on your own images, and add augmented images to the dataset. */
import { activeDataset, useWorkspace } from '../../store/workspace';
import { MaterialisePanel } from './MaterialisePanel';
import { PipelineEditor } from './PipelineEditor';
import { PreviewPanel } from './PreviewPanel';
import { SpeedTest } from './SpeedTest';

export function AugmentPanel() {
  const meta = useWorkspace(activeDataset);
  const revision = useWorkspace((s) => s.revision);
  return (
    <section className="panel augment-panel">
      <div className="augment-layout">
        <PipelineEditor channels={meta?.format.channels ?? null} imageSize={meta?.format.size} />
        <div className="augment-right">
          <PreviewPanel meta={meta} revision={revision} />
          {meta && <MaterialisePanel meta={meta} revision={revision} />}
          <SpeedTest />
        </div>
      </div>
    </section>
  );
}
