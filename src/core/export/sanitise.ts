/**
 * Names that are safe inside a zip and on every file system it may be extracted to
 * (Windows, macOS, Linux), while keeping unicode class names readable (UTF-8, NFC).
 */

/** Cap on one path segment, in UTF-8 bytes: file systems allow 255; leave room for suffixes and long paths. */
export const DEFAULT_MAX_NAME_BYTES = 100;

/** What a name that sanitises to nothing becomes. */
const EMPTY_NAME = 'unnamed';

// Windows device names are reserved with any extension and in any case ("con.txt", "Lpt1").
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
// Windows forbids these; '/' and '\' would also make a name into a path.
const FORBIDDEN_CHARS = /[<>:"/\\|?*]/g;
// C0 and C1 control characters, and bidi overrides/isolates (they make "gnp.exe" look like "exe.png").
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const utf8 = new TextEncoder();

export function utf8Length(s: string): number {
  return utf8.encode(s).length;
}

const graphemes = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/** The longest prefix of `s` of at most `maxBytes` UTF-8 bytes that does not cut a character (or grapheme, where supported). */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  const units: Iterable<string> = graphemes ? Array.from(graphemes.segment(s), (g) => g.segment) : Array.from(s);
  let out = '';
  let bytes = 0;
  for (const u of units) {
    const b = utf8Length(u);
    if (bytes + b > maxBytes) break;
    out += u;
    bytes += b;
  }
  return out;
}

function stripEnds(s: string): string {
  // Windows drops trailing dots and spaces, so "a." and "a" would collide after extraction.
  return s.trim().replace(/[. ]+$/u, '');
}

/**
 * One safe path segment (a folder or a file name without its extension handled apart):
 * no separators, controls, reserved characters or device names, not hidden, trimmed, NFC, capped.
 */
export function sanitiseSegment(name: string, maxBytes = DEFAULT_MAX_NAME_BYTES): string {
  let s = name.replace(LONE_SURROGATE, '_').normalize('NFC');
  s = s.replace(CONTROL_CHARS, '_').replace(FORBIDDEN_CHARS, '_');
  s = s.trim();
  // Leading dots hide a file (and '.', '..' mean something); a leading '__' makes Hugging Face skip it.
  s = s.replace(/^\.+/, '_').replace(/^_{2,}/, '_');
  s = stripEnds(s);
  if (s === '') s = EMPTY_NAME;
  if (WINDOWS_RESERVED.test(s)) s = s.replace(/^([^.]*)/, '$1_');
  s = stripEnds(truncateUtf8(s, maxBytes));
  return s === '' ? EMPTY_NAME : s;
}

/** Splits "photo.final.JPG" into ["photo.final", ".JPG"]; a leading dot is not an extension. */
export function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return [name, ''];
  const ext = name.slice(dot);
  return /^\.[A-Za-z0-9]{1,8}$/.test(ext) ? [name.slice(0, dot), ext] : [name, ''];
}

/** The last segment of a path with either separator. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

/** A safe file name: sanitised stem plus a lower-case extension, within `maxBytes`. */
export function sanitiseFileName(stem: string, ext: string, maxBytes = DEFAULT_MAX_NAME_BYTES): string {
  const safeExt = sanitiseExtension(ext);
  return sanitiseSegment(stem, maxBytes - utf8Length(safeExt)) + safeExt;
}

/** ".JPG" → ".jpg"; anything but ASCII letters and digits is dropped. */
export function sanitiseExtension(ext: string): string {
  const body = ext.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8);
  return body ? `.${body}` : '';
}

/** The key two names collide under: case-insensitive (Windows, macOS) and normalisation-insensitive. */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase();
}

/**
 * Hands out names unique within one folder after sanitising, case-insensitively:
 * the second "Cat.png" or "cat.png" becomes "cat-2.png".
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  constructor(private readonly maxBytes = DEFAULT_MAX_NAME_BYTES) {}

  /** Claims a name for a (raw) stem and extension; the result is sanitised and unique here. */
  claim(stem: string, ext = ''): string {
    const safeExt = sanitiseExtension(ext);
    const safeStem = sanitiseSegment(stem, this.maxBytes - utf8Length(safeExt));
    let name = safeStem + safeExt;
    for (let n = 2; this.taken.has(collisionKey(name)); n++) {
      const suffix = `-${n}`;
      const room = this.maxBytes - utf8Length(suffix) - utf8Length(safeExt);
      name = stripEnds(truncateUtf8(safeStem, room)) + suffix + safeExt;
    }
    this.taken.add(collisionKey(name));
    return name;
  }

  has(name: string): boolean {
    return this.taken.has(collisionKey(name));
  }
}

/** Compares strings by Unicode code point, as Python's sorted() does (torchvision, Keras, HF sort class folders so). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** A class as it appears in the zip. */
export interface ClassFolder {
  /** The class name as the user sees it ('' for unlabeled images). */
  label: string;
  /** The sanitised, unique folder name. */
  folder: string;
  /** The index torchvision's ImageFolder, Keras and Hugging Face assign: rank of `folder` in code-point order. */
  index: number;
}

/** Folder name used for unlabeled images. */
export const UNLABELED_FOLDER = 'unlabeled';

/**
 * Folders for class names, unique after sanitising, in the given order of claim (so the
 * first of two colliding names keeps the plain name), avoiding `reserved` names (files beside
 * the folders). Also maps folders back to class names.
 */
export function classFolders(labels: readonly string[], maxBytes = DEFAULT_MAX_NAME_BYTES, reserved: readonly string[] = []): ClassFolder[] {
  const names = new UniqueNames(maxBytes);
  for (const r of reserved) names.claim(r);
  const claimed = labels.map((label) => ({ label, folder: names.claim(label === '' ? UNLABELED_FOLDER : label) }));
  const order = claimed.map((c) => c.folder).sort(compareCodePoints);
  return claimed.map((c) => ({ ...c, index: order.indexOf(c.folder) }));
}

/** Throws unless `path` is a relative zip path of safe segments joined by '/'. */
export function assertSafeZipPath(path: string): void {
  const fail = (why: string) => {
    throw new Error(`Unsafe path in zip ${JSON.stringify(path)}: ${why}`);
  };
  if (path === '') fail('empty');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) fail('absolute');
  if (path.includes('\\')) fail('backslash');
  if (path.replace(LONE_SURROGATE, '') !== path) fail('lone surrogate');
  if (path.replace(CONTROL_CHARS, '') !== path) fail('control character');
  const segments = path.split('/');
  const last = segments.length - 1;
  segments.forEach((seg, i) => {
    // A trailing '/' marks a directory entry: the last segment may then be empty.
    if (seg === '' && i !== last) fail('empty segment');
    if (seg === '.' || seg === '..') fail('dot segment');
  });
  if (utf8Length(path) > 65535) fail('longer than 65535 bytes');
}
