import avro, { type Schema, type Type } from 'avsc';
import { PipelineError } from '../errors.ts';

const compiled = new Map<string, Type>();

/**
 * Compiles a schema once per process: avsc generates reader and writer code for every Type, which
 * costs far more than encoding a record, so the same schema text always gets the same Type back.
 */
export function compileType(schema: Schema | string): Type {
  const text = typeof schema === 'string' ? schema : JSON.stringify(schema);
  let type = compiled.get(text);
  if (!type) {
    try {
      type = avro.Type.forSchema(typeof schema === 'string' ? (JSON.parse(schema) as Schema) : schema);
    } catch (error) {
      throw new PipelineError('SCHEMA_INVALID', `Avro schema does not compile: ${(error as Error).message}`, {
        cause: error,
      });
    }
    compiled.set(text, type);
  }
  return type;
}
