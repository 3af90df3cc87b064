/**
 * What a dropped file is, judged by its name before anything is read, so that documents and
 * metadata next to the images (an exported zip's README.md, manifest.json, manifest.csv,
 * pipeline.json; a Hugging Face metadata.csv) are reported as what they are, never placed in
 * the layout as if they were images. Files with other names are sniffed by their bytes later.
 */

/** Names of image formats: these files are placed in the layout and sniffed (unsupported ones, like TIFF, are refused then). */
const IMAGE_EXTENSIONS = new Set([
  'png', 'apng', 'jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp', 'gif', 'webp', 'bmp', 'dib',
  'tif', 'tiff', 'heic', 'heif', 'avif', 'jxl', 'svg', 'ico',
]);

/** Extensions that are never images, with what the file is, in words a user recognises. */
const NOT_IMAGES: Record<string, string> = {
  md: 'a Markdown document',
  markdown: 'a Markdown document',
  txt: 'a text file',
  rst: 'a text document',
  json: 'a JSON file',
  jsonl: 'a JSON Lines file',
  ndjson: 'a JSON Lines file',
  csv: 'a CSV table',
  tsv: 'a TSV table',
  yaml: 'a YAML file',
  yml: 'a YAML file',
  toml: 'a TOML file',
  xml: 'an XML file',
  html: 'a web page',
  htm: 'a web page',
  pdf: 'a PDF document',
  doc: 'a Word document',
  docx: 'a Word document',
  xls: 'a spreadsheet',
  xlsx: 'a spreadsheet',
  py: 'a Python script',
  ipynb: 'a Jupyter notebook',
  js: 'a JavaScript file',
  sh: 'a shell script',
  log: 'a log file',
  zip: 'a zip archive (one inside a zip or folder is not opened; import it on its own)',
  tar: 'an archive',
  gz: 'a compressed archive',
  tgz: 'a compressed archive',
  '7z': 'an archive',
  rar: 'an archive',
  npy: 'a NumPy array file',
  npz: 'a NumPy archive',
  pt: 'a PyTorch file',
  pth: 'a PyTorch file',
  ckpt: 'a model checkpoint',
  safetensors: 'a model weights file',
  h5: 'an HDF5 file',
  hdf5: 'an HDF5 file',
  pkl: 'a Python pickle',
  pickle: 'a Python pickle',
  parquet: 'a Parquet table',
  arrow: 'an Arrow table',
  mat: 'a MATLAB file',
  bin: 'a binary data file (such as model weights)',
  mp4: 'a video',
  mov: 'a video',
  avi: 'a video',
  webm: 'a video',
  mp3: 'an audio file',
  wav: 'an audio file',
};

export type NameVerdict =
  /** Its name says image: place it in the layout. */
  | { kind: 'image' }
  /** Its name says it is something else: report it, don't read it. */
  | { kind: 'not-an-image'; message: string }
  /** No extension, or one not known: place it, and let its bytes decide. */
  | { kind: 'unknown' };

export function kindByName(path: string): NameVerdict {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return { kind: 'unknown' };
  const ext = base.slice(dot + 1).toLowerCase();
  if (IMAGE_EXTENSIONS.has(ext)) return { kind: 'image' };
  const what = NOT_IMAGES[ext];
  if (!what) return { kind: 'unknown' };
  return { kind: 'not-an-image', message: `"${base}" is ${what}, not an image; only PNG, JPEG, WebP, GIF and BMP files are imported` };
}
