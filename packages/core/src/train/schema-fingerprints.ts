import avro from 'avsc';
import { loadSchemaFile } from '../avro/schema-files.ts';

/** SHA-256 fingerprints (Avro parsing canonical form) of the schemas a model's input passed through. */
export async function schemaFingerprints(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of ['clean-flow.avsc', 'feature-vector.avsc']) {
    out[file] = avro.Type.forSchema(await loadSchemaFile(file))
      .fingerprint('sha256')
      .toString('hex');
  }
  return out;
}
