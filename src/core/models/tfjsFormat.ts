/**
 * Export and import in the TensorFlow.js layers format: model.json (topology + weights
 * manifest) and weights.bin, loadable with tf.loadLayersModel anywhere. Our config travels in
 * model.json's userDefinedMetadata, so an import rebuilds the exact model and can keep training.
 */
import * as tf from '@tensorflow/tfjs';
import { TrainingError } from './errors';
import { buildGan, disposeGan, type Gan, type GanConfig } from './gan';
import { buildVae, disposeVae, type Vae, type VaeConfig } from './vae';

export const MODEL_FORMAT = 'augment-studio/model';

export interface TfjsArtifacts {
  /** The model.json text; its weights manifest names 'weights.bin'. */
  modelJson: string;
  weightsBin: ArrayBuffer;
}

export interface ExportMetadata {
  format: typeof MODEL_FORMAT;
  version: 1;
  role: string;
  config: GanConfig | VaeConfig;
  [key: string]: unknown;
}

function concatBuffers(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

export async function exportTfjs(
  model: tf.LayersModel,
  metadata?: Record<string, unknown>,
  weightsFile = 'weights.bin',
): Promise<TfjsArtifacts> {
  let result: TfjsArtifacts | undefined;
  if (metadata) model.setUserDefinedMetadata(metadata);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightsBin = concatBuffers((artifacts.weightData ?? new ArrayBuffer(0)) as ArrayBuffer | ArrayBuffer[]);
      const json = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      result = { modelJson: JSON.stringify(json), weightsBin };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return result!;
}

function badModel(message: string): TrainingError {
  return new TrainingError('bad-checkpoint', `This model cannot be imported: ${message}`);
}

/** Loads model.json + weights.bin into a LayersModel, with its metadata. */
export async function importTfjs(files: TfjsArtifacts): Promise<{ model: tf.LayersModel; metadata?: Record<string, unknown> }> {
  let json: {
    modelTopology?: object;
    weightsManifest?: Array<{ weights: tf.io.WeightsManifestEntry[] }>;
    userDefinedMetadata?: Record<string, unknown>;
  };
  try {
    json = JSON.parse(files.modelJson);
  } catch {
    throw badModel('model.json is not valid JSON.');
  }
  if (!json || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw badModel('model.json is not a TensorFlow.js layers model (no modelTopology or weightsManifest).');
  }
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const expectedBytes = weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (files.weightsBin.byteLength !== expectedBytes) {
    throw badModel(`weights.bin has ${files.weightsBin.byteLength} bytes; model.json describes ${expectedBytes}.`);
  }
  try {
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: files.weightsBin,
        userDefinedMetadata: json.userDefinedMetadata,
      }),
    );
    return { model, metadata: model.getUserDefinedMetadata() as Record<string, unknown> | undefined };
  } catch (e) {
    throw badModel((e as Error).message);
  }
}

function metadataFor(role: string, config: GanConfig | VaeConfig): ExportMetadata {
  return { format: MODEL_FORMAT, version: 1, role, config: structuredClone(config) };
}

/** GAN -> { generator, discriminator }; VAE -> { encoder, decoder } (the decoder outputs pixels). */
export async function exportGenerative(model: Gan | Vae): Promise<Record<string, TfjsArtifacts>> {
  if (model.config.kind === 'gan') {
    const gan = model as Gan;
    return {
      generator: await exportTfjs(gan.generator, metadataFor('generator', gan.config)),
      discriminator: await exportTfjs(gan.discriminator, metadataFor('discriminator', gan.config)),
    };
  }
  const vae = model as Vae;
  return {
    encoder: await exportTfjs(vae.encoder, metadataFor('encoder', vae.config)),
    decoder: await exportTfjs(vae.decoder, metadataFor('decoder', vae.config)),
  };
}

/** Copies an imported model's weights into the model rebuilt from its config. */
function copyWeights(from: tf.LayersModel, to: tf.LayersModel, role: string): void {
  const src = from.getWeights();
  const dst = to.weights;
  if (src.length !== dst.length || src.some((w, i) => w.shape.join() !== dst[i].shape.join())) {
    throw badModel(`the ${role}'s weights do not match the architecture its metadata describes.`);
  }
  to.setWeights(src);
}

async function importRole(
  files: TfjsArtifacts,
  role: string,
  kind: 'gan' | 'vae',
): Promise<{ model: tf.LayersModel; config: GanConfig | VaeConfig }> {
  const { model, metadata } = await importTfjs(files);
  const m = metadata as Partial<ExportMetadata> | undefined;
  if (m?.format !== MODEL_FORMAT || !m.config) {
    model.dispose();
    throw badModel(`it was not exported by Augment Studio (no ${MODEL_FORMAT} metadata), so its architecture is unknown.`);
  }
  if (m.role !== role || m.config.kind !== kind) {
    model.dispose();
    throw badModel(`expected a ${kind} ${role}, got a ${m.config.kind} ${m.role}.`);
  }
  return { model, config: m.config };
}

/**
 * Rebuilds a GAN from exported files. Without the discriminator the GAN can generate, and a
 * fresh discriminator is built if training continues.
 */
export async function importGan(generator: TfjsArtifacts, discriminator?: TfjsArtifacts): Promise<Gan> {
  const g = await importRole(generator, 'generator', 'gan');
  const gan = buildGan(g.config as GanConfig);
  try {
    copyWeights(g.model, gan.generator, 'generator');
    if (discriminator) {
      const d = await importRole(discriminator, 'discriminator', 'gan');
      try {
        copyWeights(d.model, gan.discriminator, 'discriminator');
      } finally {
        d.model.dispose();
      }
    }
    return gan;
  } catch (e) {
    disposeGan(gan);
    throw e;
  } finally {
    g.model.dispose();
  }
}

export async function importVae(encoder: TfjsArtifacts, decoder: TfjsArtifacts): Promise<Vae> {
  const e = await importRole(encoder, 'encoder', 'vae');
  const vae = buildVae(e.config as VaeConfig);
  try {
    copyWeights(e.model, vae.encoder, 'encoder');
    const d = await importRole(decoder, 'decoder', 'vae');
    try {
      copyWeights(d.model, vae.decoder, 'decoder');
    } finally {
      d.model.dispose();
    }
    return vae;
  } catch (err) {
    disposeVae(vae);
    throw err;
  } finally {
    e.model.dispose();
  }
}
