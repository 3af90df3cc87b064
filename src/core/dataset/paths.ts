/** Checks on the paths of dropped files: which are unsafe, which are system junk. */
import type { SkipReason } from './types';

export interface PathVerdict {
  /** The path with `\` turned into `/` and `./` segments removed. */
  path: string;
  skip?: { reason: SkipReason; message: string };
}

const SYSTEM_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', '.directory', 'icon\r']);
const SYSTEM_FOLDERS = new Set(['__macosx', '.git', '.svn', '.trash', '.trashes', '.spotlight-v100', '.fseventsd', '$recycle.bin']);

export function checkPath(rawPath: string): PathVerdict {
  const path = rawPath.replace(/\\/g, '/').split('/').filter((s) => s !== '.' && s !== '').join('/');
  const segments = path.split('/');
  if (/^[a-zA-Z]:/.test(rawPath) || rawPath.startsWith('/') || rawPath.startsWith('\\') || segments.includes('..')) {
    return {
      path,
      skip: { reason: 'unsafe-path', message: 'its path leaves the archive (absolute or with ".."), so it was not read; a safe archive keeps every file inside it' },
    };
  }
  if ([...rawPath].some((c) => c.charCodeAt(0) < 32)) {
    return { path, skip: { reason: 'unsafe-path', message: 'its name contains control characters; rename the file' } };
  }
  const folder = segments.slice(0, -1).find((s) => SYSTEM_FOLDERS.has(s.toLowerCase()) || s.startsWith('.'));
  if (folder) {
    return { path, skip: { reason: 'system-file', message: `it is inside the system or hidden folder "${folder}", not part of the dataset` } };
  }
  const base = segments[segments.length - 1];
  if (SYSTEM_FILES.has(base.toLowerCase()) || base.startsWith('._') || base.startsWith('.')) {
    return { path, skip: { reason: 'system-file', message: `"${base}" is a hidden or system file, not part of the dataset` } };
  }
  return { path };
}
