import { readFile } from 'node:fs/promises';
import avro from 'avsc';

const SCHEMAS_DIR = new URL('../../../../schemas/', import.meta.url);

/** SHA-256 fingerprints (Avro parsing canonical form) of the schemas a model's input passed through. */
export async function schemaFingerprints(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of ['clean-flow.avsc', 'feature-vector.avsc']) {
    const schema = JSON.parse(await readFile(new URL(file, SCHEMAS_DIR), 'utf8'));
    out[file] = avro.Type.forSchema(schema).fingerprint('sha256').toString('hex');
  }
  return out;
}
