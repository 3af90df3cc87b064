/**
 * Starts an export from the Start button: asks for the file first where the browser can write
 * one (showSaveFilePicker needs the click's user activation, so it comes before anything is
 * awaited), runs the export worker, and downloads the Blob where there is no file.
 */
import { sanitiseSegment } from '../../core/export';
import { Comlink, exportWorker } from '../../lib/workers';
import { useSettings } from '../../store/settings';
import type { ExportProgressEvent, ExportRequest } from '../../../workers/export/types';
import { useExportRun } from './useExportRun';
import { canPickFile, useExportSettings } from './useExportSettings';

export function exportFileName(datasetName: string): string {
  return `${sanitiseSegment(datasetName || 'dataset', 80)}-export.zip`;
}

type SavePicker = (options: { suggestedName: string; types: Array<{ description: string; accept: Record<string, string[]> }> }) => Promise<FileSystemFileHandle>;

/** The file to write into, null to download, or 'aborted' when the user closed the picker. */
async function chooseFile(fileName: string): Promise<FileSystemFileHandle | null | 'aborted'> {
  if (useExportSettings.getState().saveMode !== 'picker' || !canPickFile()) return null;
  try {
    const pick = (window as unknown as { showSaveFilePicker: SavePicker }).showSaveFilePicker;
    return await pick({ suggestedName: fileName, types: [{ description: 'Zip archive', accept: { 'application/zip': ['.zip'] } }] });
  } catch (e) {
    if ((e as Error).name === 'AbortError') return 'aborted';
    throw e;
  }
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the Blob by now; keep the URL a while for slow starts.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function startExport(datasetId: string, datasetName: string): Promise<void> {
  const run = useExportRun.getState();
  if (run.running) return;
  const fileName = exportFileName(datasetName);
  let handle: FileSystemFileHandle | null;
  try {
    const chosen = await chooseFile(fileName);
    if (chosen === 'aborted') return;
    handle = chosen;
  } catch (e) {
    run.fail(`Could not open the save dialog: ${(e as Error).message}. Choose “Download” instead.`);
    return;
  }
  const settings = useExportSettings.getState();
  const override = useSettings.getState().backendOverride;
  const req: ExportRequest = {
    datasetId,
    options: settings.options,
    includeModels: settings.includeModels,
    includeExperimentReport: settings.includeExperimentReport,
    toolVersion: __APP_VERSION__,
    backendOverride: override === 'auto' ? undefined : override,
    ...(handle ? { handle } : {}),
  };
  const name = handle?.name ?? fileName;
  run.start(name);
  try {
    const outcome = await exportWorker.get().run(req, Comlink.proxy((p: ExportProgressEvent) => useExportRun.getState().setProgress(p)));
    const { blob, ...rest } = outcome;
    if (outcome.status === 'done' && blob) download(blob, name);
    useExportRun.getState().finish({ ...rest, fileName: name });
  } catch (e) {
    useExportRun.getState().fail(`The export failed: ${(e as Error).message}${handle ? ' The file was left as it was.' : ''}`);
  }
}

export function cancelExport(): void {
  useExportRun.getState().setCancelling();
  void exportWorker.get().cancel();
}
