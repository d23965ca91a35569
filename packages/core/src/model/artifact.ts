import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineError } from '../errors.ts';

export const MODEL_FORMAT = 'netattack-model';
export const MODEL_FORMAT_VERSION = 1;
export const METADATA_FILE = 'model.json';

/** What a model was trained on and how, stored beside the forests so a score can always be explained. */
export interface ModelMetadata {
  format: typeof MODEL_FORMAT;
  formatVersion: typeof MODEL_FORMAT_VERSION;
  /** `<yyyymmdd>-<content hash>`: changes whenever the forests or the feature set change. */
  version: string;
  createdAt: string;
  featureSet: { id: string; names: string[]; options: Record<string, unknown>; fingerprint: string };
  /** Fingerprints of the Avro schemas the model's input passed through (clean flow, feature vector). */
  schemaFingerprints: Record<string, string>;
  /** Attack probability at or over which a flow raises an alert. */
  threshold: number;
  classes: {
    /** Class index order of the binary forest: index 1 is "attack". */
    binary: string[];
    /** Class index order of the multiclass forest (attack labels only). */
    multiclass: string[];
  };
  hyperParameters: Record<string, unknown>;
  seed: number;
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
  forests: { binary: string; multiclass: string };
}

export interface ModelArtifact<Forest = unknown> {
  metadata: ModelMetadata;
  binary: Forest;
  multiclass: Forest;
}

export type UnversionedMetadata = Omit<ModelMetadata, 'format' | 'formatVersion' | 'version' | 'forests'>;

export function modelVersion(
  createdAt: string,
  binaryJson: string,
  multiclassJson: string,
  fingerprint: string,
): string {
  const hash = createHash('sha256')
    .update(fingerprint)
    .update(binaryJson)
    .update(multiclassJson)
    .digest('hex');
  return `${createdAt.slice(0, 10).replaceAll('-', '')}-${hash.slice(0, 10)}`;
}

/**
 * Writes a model directory. Forest files carry the version in their name and `model.json` is renamed
 * into place last, so a scorer watching the directory never sees a half-written model; forests of
 * older versions are removed afterwards.
 */
export async function writeModel(
  dir: string,
  metadata: UnversionedMetadata,
  binary: unknown,
  multiclass: unknown,
): Promise<ModelMetadata> {
  await mkdir(dir, { recursive: true });
  const binaryJson = JSON.stringify(binary);
  const multiclassJson = JSON.stringify(multiclass);
  const version = modelVersion(
    metadata.createdAt,
    binaryJson,
    multiclassJson,
    metadata.featureSet.fingerprint,
  );
  const forests = {
    binary: `binary-${version}.forest.json`,
    multiclass: `multiclass-${version}.forest.json`,
  };
  await writeFile(join(dir, forests.binary), binaryJson);
  await writeFile(join(dir, forests.multiclass), multiclassJson);
  const full: ModelMetadata = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    version,
    ...metadata,
    forests,
  };
  const temporary = join(dir, `.${METADATA_FILE}.${process.pid}.tmp`);
  await writeFile(temporary, `${JSON.stringify(full, null, 2)}\n`);
  await rename(temporary, join(dir, METADATA_FILE));
  const keep = new Set([forests.binary, forests.multiclass]);
  for (const name of await readdir(dir)) {
    if (name.endsWith('.forest.json') && !keep.has(name)) await rm(join(dir, name), { force: true });
  }
  return full;
}

export async function readMetadata(dir: string): Promise<ModelMetadata> {
  const path = join(dir, METADATA_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PipelineError('MODEL_INVALID', `no model at ${dir}: cannot read ${path}`, { cause: error });
  }
  let metadata: ModelMetadata;
  try {
    metadata = JSON.parse(text) as ModelMetadata;
  } catch (error) {
    throw new PipelineError('MODEL_INVALID', `${path} is not valid JSON`, { cause: error });
  }
  if (metadata.format !== MODEL_FORMAT || metadata.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new PipelineError(
      'MODEL_INVALID',
      `${path} is not a ${MODEL_FORMAT} v${MODEL_FORMAT_VERSION} model (format ${String(metadata.format)} v${String(metadata.formatVersion)})`,
    );
  }
  return metadata;
}

/** Reads a model directory: metadata and both forests as parsed ml-random-forest JSON. */
export async function readModel(dir: string): Promise<ModelArtifact> {
  const metadata = await readMetadata(dir);
  const load = async (file: string): Promise<unknown> => {
    try {
      return JSON.parse(await readFile(join(dir, file), 'utf8'));
    } catch (error) {
      throw new PipelineError('MODEL_INVALID', `model ${metadata.version}: cannot read forest ${file}`, {
        cause: error,
        retriable: true,
      });
    }
  };
  return {
    metadata,
    binary: await load(metadata.forests.binary),
    multiclass: await load(metadata.forests.multiclass),
  };
}
