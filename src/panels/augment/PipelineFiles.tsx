/**
 * Pipeline files: export as the project's JSON or as Albumentations `A.to_dict()` JSON (a download),
 * and import either (a file picker). An import is validated in full by the augment worker first:
 * malformed JSON, out-of-range values or a wrong structure leave the current pipeline untouched;
 * unknown transforms are named and the rest is imported.
 */
import { useRef } from 'react';
import type { ValidationResult } from '../../core/pipeline/types';
import { augmentWorker } from '../../lib/workers';
import { usePipeline, withSeed, type Notice } from '../../store/pipeline';

function slug(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'pipeline';
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Albumentations files carry "__version__" and a "transform" with a "__class_fullname__". */
function looksLikeAlbumentations(text: string): boolean {
  try {
    const o = JSON.parse(text) as Record<string, unknown> | null;
    const t = (o?.transform ?? o) as Record<string, unknown> | null;
    return !!o && typeof o === 'object' && (!!o.__version__ || !!(t && typeof t === 'object' && '__class_fullname__' in t));
  } catch {
    return false;
  }
}

function importNotice(file: string, r: ValidationResult, format: string): Notice {
  if (!r.pipeline) {
    return {
      kind: 'error',
      title: `${file} was not imported: your pipeline is unchanged.`,
      lines: r.errors.map((e) => (e.path ? `${e.message} (at ${e.path})` : e.message)),
    };
  }
  const lines: string[] = [];
  if (r.unknownTransforms.length) {
    lines.push(`Unknown transform${r.unknownTransforms.length > 1 ? 's' : ''} skipped: ${r.unknownTransforms.join(', ')}. Everything else was imported.`);
  }
  // The unknown names are listed once, above.
  const aboutUnknown = (m: string) => /skipped/.test(m) && r.unknownTransforms.some((n) => m.includes(`"${n}"`));
  for (const w of r.warnings) if (!aboutUnknown(w.message)) lines.push(w.message);
  return { kind: lines.length ? 'warning' : 'info', title: `Imported ${file} (${format}).`, lines };
}

export function PipelineFiles({ imageSize }: { imageSize: number | undefined }) {
  const pipeline = usePipeline((s) => s.pipeline);
  const seed = usePipeline((s) => s.seed);
  const replace = usePipeline((s) => s.replace);
  const setNotice = usePipeline((s) => s.setNotice);
  const jsonInput = useRef<HTMLInputElement>(null);
  const albuInput = useRef<HTMLInputElement>(null);

  const exportAs = async (format: 'json' | 'albumentations') => {
    if (!pipeline) return;
    try {
      const out = await augmentWorker.get().exportPipeline(withSeed(pipeline, seed), format, { imageSize });
      download(out.text, format === 'json' ? `${slug(pipeline.name)}.pipeline.json` : `${slug(pipeline.name)}.albumentations.json`);
      const lines = [...out.skipped, ...out.warnings].map((i) => i.message);
      setNotice(lines.length ? { kind: 'warning', title: 'Exported for Albumentations, with differences:', lines } : null);
    } catch (e) {
      setNotice({ kind: 'error', title: 'The pipeline could not be exported.', lines: [(e as Error).message] });
    }
  };

  const importFile = async (file: File, format: 'json' | 'albumentations') => {
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      setNotice({ kind: 'error', title: `${file.name} could not be read: your pipeline is unchanged.`, lines: [(e as Error).message] });
      return;
    }
    // A file in the other format is read as what it is.
    const actual = format === 'json' && looksLikeAlbumentations(text) ? 'albumentations' : format;
    const r = await augmentWorker.get().importPipeline(text, actual, { imageSize, name: file.name.replace(/\.json$/i, '') });
    if (r.pipeline) replace(r.pipeline, { undoable: true });
    setNotice(importNotice(file.name, r, actual === 'json' ? 'pipeline JSON' : 'Albumentations'));
  };

  const picker = (format: 'json' | 'albumentations') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void importFile(file, format);
  };

  return (
    <div className="pipeline-files row">
      <button onClick={() => exportAs('json')} disabled={!pipeline} data-testid="export-pipeline-json" title="The project's own versioned format: every transform and setting, and the seed">
        Export JSON
      </button>
      <button onClick={() => jsonInput.current?.click()} data-testid="import-pipeline-json-button">
        Import JSON…
      </button>
      <input ref={jsonInput} type="file" accept=".json,application/json" hidden data-testid="import-pipeline-json" onChange={picker('json')} />
      <button onClick={() => exportAs('albumentations')} disabled={!pipeline} data-testid="export-albumentations" title="A.to_dict() JSON for the transforms Albumentations has (A.from_dict reads it)">
        Export Albumentations
      </button>
      <button onClick={() => albuInput.current?.click()} data-testid="import-albumentations-button">
        Import Albumentations…
      </button>
      <input ref={albuInput} type="file" accept=".json,application/json" hidden data-testid="import-albumentations" onChange={picker('albumentations')} />
    </div>
  );
}
