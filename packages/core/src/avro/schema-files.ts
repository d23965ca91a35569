import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Schema } from 'avsc';
import { PipelineError } from '../errors.ts';
import { TOPIC_SCHEMA_FILES, type TopicRole } from '../topology/topics.ts';

/** Points the loader at another schemas folder (an installed copy, a test fixture). */
export const SCHEMAS_DIR_ENV = 'NETATTACK_SCHEMAS_DIR';

/** `schemas/` at the repository root, four levels up from this file (packages/core/src/avro). */
const REPO_SCHEMAS_DIR = fileURLToPath(new URL('../../../../schemas/', import.meta.url));

export function schemasDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[SCHEMAS_DIR_ENV]?.trim();
  return override ? override : REPO_SCHEMAS_DIR;
}

export async function loadSchemaFile(file: string, dir: string = schemasDir()): Promise<Schema> {
  const path = join(dir, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PipelineError(
      'FILE_NOT_FOUND',
      `Avro schema ${path} could not be read (set ${SCHEMAS_DIR_ENV} to the schemas folder)`,
      {
        cause: error,
      },
    );
  }
  try {
    return JSON.parse(text) as Schema;
  } catch (error) {
    throw new PipelineError(
      'SCHEMA_INVALID',
      `Avro schema ${path} is not valid JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** The value schema of every topic role, read from `dir`. */
export async function loadTopicSchemas(dir: string = schemasDir()): Promise<Record<TopicRole, Schema>> {
  const roles = Object.keys(TOPIC_SCHEMA_FILES) as TopicRole[];
  const schemas = await Promise.all(roles.map((role) => loadSchemaFile(TOPIC_SCHEMA_FILES[role], dir)));
  return Object.fromEntries(roles.map((role, i) => [role, schemas[i]!])) as Record<TopicRole, Schema>;
}
