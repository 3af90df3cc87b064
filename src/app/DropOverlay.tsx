/** Drops anywhere on the page import into the open dataset; an overlay shows while dragging. */
import { useEffect, useState } from 'react';
import { collectDataTransfer } from '../lib/drop';
import { runImport } from '../lib/import';
import { useWorkspace } from '../store/workspace';

export function DropOverlay() {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = async (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const collected = await collectDataTransfer(e.dataTransfer);
      useWorkspace.getState().setTab('data');
      await runImport({ kind: 'files', name: collected.name, files: collected.files, folders: collected.folders });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" aria-hidden>
      <div>Drop images, folders or zips to add them to the dataset</div>
    </div>
  );
}
