/**
 * Checkpoints as plain data: a JSON-safe `meta` object and one ArrayBuffer of float32 tensors,
 * so the worker can put them in IndexedDB as they are (structured clone) or write one file
 * (`encodeCheckpoint`). Everything is validated on load, with a checksum over the bytes, and any
 * defect is a TrainingError('bad-checkpoint') that says what is wrong.
 */
import * as tf from '@tensorflow/tfjs';
import type { ClassifierConfig } from './classifier';
import { TrainingError } from './errors';
import type { GanConfig } from './gan';
import type { LossHistoryJson } from './history';
import type { VaeConfig } from './vae';

export const CHECKPOINT_FORMAT = 'augment-studio/checkpoint';
export const CHECKPOINT_VERSION = 1;

export type ModelConfig = GanConfig | VaeConfig | ClassifierConfig;

export interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offset into `data`; float32, little-endian. */
  offset: number;
}

export interface OptimizerState {
  step: number;
  beta1Power: number;
  beta2Power: number;
}

export interface CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  model: ModelConfig;
  step: number;
  imagesSeen: number;
  /** The trainer's seed (training noise, sample grid). */
  seed: number;
  history: LossHistoryJson;
  heldOutHistory: LossHistoryJson;
  optimizers: Record<string, OptimizerState>;
  tensors: TensorEntry[];
  byteLength: number;
  checksum: number;
  savedAt: number;
  /** Anything the caller wants back with the checkpoint (settings, dataset id, ...). */
  extra?: Record<string, unknown>;
}

export interface Checkpoint {
  meta: CheckpointMeta;
  data: ArrayBuffer;
}

function bad(message: string): TrainingError {
  return new TrainingError('bad-checkpoint', `This checkpoint cannot be loaded: ${message}`);
}

/** FNV-1a over 32-bit words, then mixed; fast enough for tens of megabytes. */
export function checksum32(data: ArrayBuffer): number {
  const words = new Uint32Array(data, 0, data.byteLength >>> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  const tail = new Uint8Array(data, words.length * 4);
  for (let i = 0; i < tail.length; i++) h = Math.imul(h ^ tail[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Reads tensors back (asynchronously) and packs them into one buffer. */
export async function packTensors(named: Array<[string, tf.Tensor]>): Promise<{ tensors: TensorEntry[]; data: ArrayBuffer }> {
  const values = await Promise.all(named.map(([, t]) => t.data()));
  const tensors: TensorEntry[] = [];
  let offset = 0;
  named.forEach(([name, t], i) => {
    if (t.dtype !== 'float32') throw new Error(`Tensor ${name} is ${t.dtype}; checkpoints hold float32.`);
    tensors.push({ name, shape: t.shape.slice(), offset });
    offset += values[i].length * 4;
  });
  const data = new ArrayBuffer(offset);
  const view = new Float32Array(data);
  tensors.forEach((e, i) => view.set(values[i] as Float32Array, e.offset / 4));
  return { tensors, data };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks structure, bounds and checksum; returns the checkpoint typed. */
export function validateCheckpoint(value: unknown, expectedKind?: ModelConfig['kind']): Checkpoint {
  if (!isRecord(value) || !isRecord(value.meta) || !(value.data instanceof ArrayBuffer)) {
    throw bad('it is not a checkpoint (expected { meta, data }).');
  }
  const meta = value.meta as Partial<CheckpointMeta>;
  const data = value.data;
  if (meta.format !== CHECKPOINT_FORMAT) throw bad(`unknown format ${JSON.stringify(meta.format)}.`);
  if (meta.version !== CHECKPOINT_VERSION) {
    throw bad(`version ${meta.version} is not supported (this app reads version ${CHECKPOINT_VERSION}).`);
  }
  if (!isRecord(meta.model) || typeof meta.model.kind !== 'string') throw bad('the model description is missing.');
  if (expectedKind && meta.model.kind !== expectedKind) throw bad(`it holds a ${meta.model.kind} model, not a ${expectedKind}.`);
  for (const key of ['step', 'imagesSeen', 'seed', 'byteLength', 'checksum'] as const) {
    if (typeof meta[key] !== 'number' || !Number.isFinite(meta[key])) throw bad(`'${key}' is missing or not a number.`);
  }
  if (!Array.isArray(meta.tensors)) throw bad('the tensor table is missing.');
  if (!isRecord(meta.optimizers)) throw bad('the optimizer state is missing.');
  if (data.byteLength !== meta.byteLength) {
    throw bad(`the data is ${data.byteLength} bytes, but ${meta.byteLength} were saved (truncated or mixed up).`);
  }
  if (checksum32(data) !== meta.checksum) throw bad('the data does not match its checksum (the stored bytes are corrupt).');
  for (const e of meta.tensors) {
    const size = Array.isArray(e?.shape) ? e.shape.reduce((a: number, b: number) => a * b, 1) : NaN;
    const inBounds = Number.isInteger(e?.offset) && e.offset % 4 === 0 && e.offset + size * 4 <= data.byteLength;
    if (typeof e?.name !== 'string' || !Number.isInteger(size) || size < 0 || !inBounds) {
      throw bad(`tensor ${JSON.stringify(e?.name)} has an invalid shape or offset.`);
    }
  }
  return value as unknown as Checkpoint;
}

/** A tensor's values by name, checked against the shape the model expects. */
export function readTensor(ckpt: Checkpoint, name: string, expectedShape: readonly number[]): Float32Array {
  const e = ckpt.meta.tensors.find((t) => t.name === name);
  if (!e) throw bad(`tensor ${name} is missing.`);
  if (e.shape.length !== expectedShape.length || e.shape.some((d, i) => d !== expectedShape[i])) {
    throw bad(`tensor ${name} is [${e.shape}], the model needs [${expectedShape}] (a different architecture).`);
  }
  const size = e.shape.reduce((a, b) => a * b, 1);
  return new Float32Array(ckpt.data, e.offset, size);
}

const MAGIC = 'ASCKPT01';

/** One self-describing file: magic, u32 JSON length, JSON meta, padding to 4 bytes, data. */
export function encodeCheckpoint(ckpt: Checkpoint): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(ckpt.meta));
  const headerEnd = MAGIC.length + 4 + json.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const out = new ArrayBuffer(dataStart + ckpt.data.byteLength);
  const bytes = new Uint8Array(out);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out).setUint32(MAGIC.length, json.length, true);
  bytes.set(json, MAGIC.length + 4);
  bytes.set(new Uint8Array(ckpt.data), dataStart);
  return out;
}

export function decodeCheckpoint(file: ArrayBuffer, expectedKind?: ModelConfig['kind']): Checkpoint {
  if (file.byteLength < MAGIC.length + 4) throw bad('the file is too short.');
  const bytes = new Uint8Array(file);
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw bad('the file is not an Augment Studio checkpoint.');
  const jsonLength = new DataView(file).getUint32(MAGIC.length, true);
  const headerEnd = MAGIC.length + 4 + jsonLength;
  if (headerEnd > file.byteLength) throw bad('the header is truncated.');
  let meta: unknown;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, headerEnd)));
  } catch {
    throw bad('the header is not valid JSON.');
  }
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  return validateCheckpoint({ meta, data: file.slice(dataStart) }, expectedKind);
}
