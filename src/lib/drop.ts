/** Collects dropped or picked files with their relative paths (folders walked recursively). */
import type { DroppedFile } from '../../workers/ingest/sources';

export interface CollectedDrop {
  name: string;
  files: DroppedFile[];
  /** Every folder seen, so empty class folders can be reported. */
  folders: string[];
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: CollectedDrop): Promise<void> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.files.push({ path, file });
  } else if (entry.isDirectory) {
    out.folders.push(`${path}/`);
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call: keep reading until it returns none.
    for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, out);
    }
  }
}

export async function collectDataTransfer(dt: DataTransfer): Promise<CollectedDrop> {
  const out: CollectedDrop = { name: '', files: [], folders: [] };
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length) {
    for (const e of entries) await walk(e, out);
    out.name = entries.length === 1 ? entries[0].name : `${entries.length} items`;
  } else {
    for (const f of dt.files) out.files.push({ path: f.name, file: f });
    out.name = dt.files.length === 1 ? dt.files[0].name : `${dt.files.length} files`;
  }
  return out;
}

export function collectFileList(list: FileList): CollectedDrop {
  const files = [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
  const top = files[0]?.path.split('/')[0] ?? '';
  const sameTop = files.length > 0 && files.every((f) => f.path.includes('/') && f.path.split('/')[0] === top);
  return { name: sameTop ? top : files.length === 1 ? files[0].path : `${files.length} files`, files, folders: [] };
}
