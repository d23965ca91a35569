import avro, { type Schema, type Type } from 'avsc';
import {
  missingSchema,
  type SchemaRegistryPort,
  unknownSchemaId,
} from '../../../packages/core/src/avro/registry-client.ts';
import { PipelineError } from '../../../packages/core/src/errors.ts';

/**
 * A registry in memory for unit tests of the serde: ids from 1 in registration order, the same id
 * for a schema registered again under a subject. The integration tests use the real registry.
 */
export class MemoryRegistry implements SchemaRegistryPort {
  private readonly byId = new Map<number, string>();
  readonly subjects = new Map<string, number[]>();
  /** writerType calls, by id. */
  readonly lookups = new Map<number, number>();
  unreachable = false;

  async register(subject: string, schema: Schema): Promise<number> {
    const text = JSON.stringify(schema);
    for (const [id, known] of this.byId) if (known === text) return this.addVersion(subject, id);
    const id = this.byId.size + 1;
    this.byId.set(id, text);
    return this.addVersion(subject, id);
  }

  async lookup(subject: string, schema: Schema): Promise<number> {
    const text = JSON.stringify(schema);
    const id = this.subjects.get(subject)?.find((candidate) => this.byId.get(candidate) === text);
    if (id === undefined) throw missingSchema(subject);
    return id;
  }

  private addVersion(subject: string, id: number): number {
    const versions = this.subjects.get(subject) ?? [];
    if (!versions.includes(id)) versions.push(id);
    this.subjects.set(subject, versions);
    return id;
  }

  /** Stores a schema without a subject, as another producer would have; returns its id. */
  preload(schema: Schema): number {
    const id = this.byId.size + 1;
    this.byId.set(id, JSON.stringify(schema));
    return id;
  }

  async writerType(id: number): Promise<Type> {
    this.lookups.set(id, (this.lookups.get(id) ?? 0) + 1);
    // Let concurrent callers pile up before answering, as a real HTTP round trip would.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.unreachable) {
      throw new PipelineError('REGISTRY_UNAVAILABLE', 'memory registry switched off', { retriable: true });
    }
    const text = this.byId.get(id);
    if (text === undefined) throw unknownSchemaId(id, 'memory');
    return avro.Type.forSchema(JSON.parse(text) as Schema);
  }
}
