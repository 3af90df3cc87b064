/**
 * A trained model as one zip: each network in the TensorFlow.js layers format
 * (`generator/model.json` + `generator/weights.bin`, and the discriminator; or the VAE's encoder
 * and decoder), loadable with tf.loadLayersModel anywhere; plus `run.json` (classes, settings,
 * quality) and `checkpoint.ascp` (optimizer state, step and curves) so an import here continues
 * training exactly where it stopped. Importing a zip without the checkpoint starts a fresh
 * optimizer from the imported weights.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import {
  TrainingError,
  decodeCheckpoint,
  disposeGan,
  disposeVae,
  encodeCheckpoint,
  exportGenerative,
  importGan,
  importVae,
  saveCheckpoint,
  type Gan,
  type TfjsArtifacts,
  type Vae,
} from '../../src/core/models';
import { importedSession } from './create';
import { loadDataset } from './data';
import type { TrainingSession } from './session';
import type { RunInfo } from './types';

const CHECKPOINT_FILE = 'checkpoint.ascp';
const RUN_FILE = 'run.json';

function safeName(s: string): string {
  return s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'model';
}

export async function exportModelZip(session: TrainingSession): Promise<{ name: string; bytes: Uint8Array }> {
  const files: Zippable = {};
  const artifacts = await exportGenerative(session.model);
  for (const [role, a] of Object.entries(artifacts)) {
    files[`${role}/model.json`] = strToU8(a.modelJson);
    files[`${role}/weights.bin`] = new Uint8Array(a.weightsBin);
  }
  const ckpt = await saveCheckpoint(session.trainer, { runId: session.run.id });
  files[CHECKPOINT_FILE] = [new Uint8Array(encodeCheckpoint(ckpt)), { level: 1 }];
  const { id: _id, datasetId: _d, ...run } = session.run;
  files[RUN_FILE] = strToU8(JSON.stringify({ format: 'augment-studio/run', version: 1, ...run }, null, 2));
  files['README.txt'] = strToU8(
    `${session.run.name}, step ${session.trainer.step}, exported by Augment Studio.\n\n` +
      'Each folder is a TensorFlow.js layers model: load it with tf.loadLayersModel(\'.../model.json\').\n' +
      'Inputs and outputs are pixels in [0, 1] (NHWC); conditional models take a one-hot class vector as a second input, in the class order of run.json.\n' +
      'checkpoint.ascp holds the optimizer state and loss curves, so Augment Studio can continue training from it.\n',
  );
  return { name: `${safeName(session.run.name)}-step${session.trainer.step}.zip`, bytes: zipSync(files) };
}

function artifactsOf(entries: Record<string, Uint8Array>, role: string): TfjsArtifacts | undefined {
  const key = Object.keys(entries).find((k) => k === `${role}/model.json` || k.endsWith(`/${role}/model.json`));
  if (!key) return undefined;
  const dir = key.slice(0, -'model.json'.length);
  const weights = entries[`${dir}weights.bin`];
  if (!weights) throw new TrainingError('bad-checkpoint', `This model cannot be imported: ${role}/weights.bin is missing from the zip.`);
  return { modelJson: strFromU8(entries[key]), weightsBin: weights.slice().buffer };
}

export async function importModelZip(datasetId: string, bytes: Uint8Array, fileName: string): Promise<TrainingSession> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw new TrainingError('bad-checkpoint', `“${fileName}” is not a zip file. Import the zip that “Export model” made.`);
  }
  const generator = artifactsOf(entries, 'generator');
  const encoder = artifactsOf(entries, 'encoder');
  if (!generator && !encoder) {
    throw new TrainingError('bad-checkpoint', `“${fileName}” holds no generator/model.json or encoder/model.json: it is not a model exported by Augment Studio.`);
  }
  let saved: Partial<RunInfo> | undefined;
  const runKey = Object.keys(entries).find((k) => k.endsWith(RUN_FILE));
  if (runKey) {
    try {
      saved = JSON.parse(strFromU8(entries[runKey]));
    } catch {
      throw new TrainingError('bad-checkpoint', `run.json in “${fileName}” is not valid JSON.`);
    }
  }
  const decoder = encoder ? artifactsOf(entries, 'decoder') : undefined;
  if (encoder && !decoder) throw new TrainingError('bad-checkpoint', `“${fileName}” has a VAE encoder but no decoder/model.json.`);
  const model = generator ? await importGan(generator, artifactsOf(entries, 'discriminator')) : await importVae(encoder!, decoder!);
  try {
    const ckptKey = Object.keys(entries).find((k) => k.endsWith(CHECKPOINT_FILE));
    const checkpoint = ckptKey ? decodeCheckpoint(entries[ckptKey].slice().buffer, model.config.kind) : undefined;
    const { meta } = await loadDataset(datasetId);
    return await importedSession(datasetId, model, checkpoint, saved, fileName, meta.classes);
  } catch (e) {
    try {
      if (model.config.kind === 'gan') disposeGan(model as Gan);
      else disposeVae(model as Vae);
    } catch {
      // Already disposed with a trainer that failed to start.
    }
    throw e;
  }
}
