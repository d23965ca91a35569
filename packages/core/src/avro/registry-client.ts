import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Schema, Type } from 'avsc';
import { PipelineError } from '../errors.ts';
import { registryError, registryUnavailable } from './registry-errors.ts';
import {
  type RegistryAuth,
  type RegistryTransport,
  registryRequest,
  registryTransport,
} from './registry-http.ts';

/** What the serde needs from a schema registry; the real one is `RegistryClient`. */
export interface SchemaRegistryPort {
  /** Registers `schema` under `subject` with compatibility BACKWARD; returns the schema id. */
  register(subject: string, schema: Schema): Promise<number>;
  /** The id `schema` has under `subject`; rejects TOPOLOGY_MISSING when it is not registered there. */
  lookup(subject: string, schema: Schema): Promise<number>;
  /** The writer schema with this id, compiled. Rejects UNKNOWN_SCHEMA_ID or REGISTRY_UNAVAILABLE. */
  writerType(id: number): Promise<Type>;
}

export interface RegistryClientOptions {
  /** Confluent-compatible API root, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  url: string;
  clientId?: string;
  /** Basic auth and the CA of an https registry. */
  auth?: RegistryAuth;
}

/**
 * The registry through @kafkajs/confluent-schema-registry 3.x (4.x needs Node 22). The subject is
 * always passed explicitly: by default the library would name it after the record, not the topic.
 * Compatibility is set on the subject first, so even the first version is registered under BACKWARD
 * and a subject that was created with another rule is brought back to it.
 */
export class RegistryClient implements SchemaRegistryPort {
  private readonly url: string;
  private readonly registry: SchemaRegistry;
  private readonly transport: RegistryTransport;

  constructor(options: RegistryClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.transport = registryTransport(options.auth);
    this.registry = new SchemaRegistry({
      host: this.url,
      clientId: options.clientId ?? 'netattack',
      ...(this.transport.auth ? { auth: this.transport.auth } : {}),
      ...(this.transport.agent ? { agent: this.transport.agent } : {}),
    });
  }

  async register(subject: string, schema: Schema): Promise<number> {
    await this.setCompatibility(subject, COMPATIBILITY.BACKWARD);
    try {
      const { id } = await this.registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      );
      return id;
    } catch (error) {
      throw registryError(`registering the schema of ${subject}`, error);
    }
  }

  async lookup(subject: string, schema: Schema): Promise<number> {
    try {
      return await this.registry.getRegistryIdBySchema(subject, {
        type: SchemaType.AVRO,
        schema: JSON.stringify(schema),
      });
    } catch (error) {
      throw registryError(`looking up the schema of ${subject}`, error, () => missingSchema(subject));
    }
  }

  async writerType(id: number): Promise<Type> {
    try {
      return (await this.registry.getSchema(id)) as unknown as Type;
    } catch (error) {
      throw registryError(`fetching writer schema ${id}`, error, () => unknownSchemaId(id, this.url));
    }
  }

  /**
   * PUT /config/<subject>: the library sets it only after a first registration, and only then.
   * Services started together race to create the subject's rule, and Apicurio answers the losers 409
   * "A rule named 'COMPATIBILITY' already exists": the rule exists now, so the PUT is made again,
   * which updates it (idempotent under concurrency).
   */
  private async setCompatibility(subject: string, level: COMPATIBILITY): Promise<void> {
    const context = `setting ${level} compatibility on ${subject}`;
    let response: { status: number; body: string };
    for (let attempt = 1; ; attempt++) {
      try {
        response = await registryRequest(
          `${this.url}/config/${encodeURIComponent(subject)}`,
          'PUT',
          { compatibility: level },
          this.transport,
        );
      } catch (error) {
        throw registryUnavailable(context, error);
      }
      if (response.status !== 409 || !/already exists/i.test(response.body) || attempt >= 3) break;
    }
    if (response.status < 200 || response.status >= 300) {
      throw registryError(context, {
        status: response.status,
        message: `status ${response.status}: ${response.body}`,
      });
    }
  }
}

export function unknownSchemaId(id: number, where: string): PipelineError {
  return new PipelineError('UNKNOWN_SCHEMA_ID', `schema id ${id} is not known to the registry at ${where}`, {
    details: { schemaId: id },
  });
}

export function missingSchema(subject: string): PipelineError {
  return new PipelineError(
    'TOPOLOGY_MISSING',
    `schema of ${subject} is not registered: run \`netattack provision\` with an admin principal first`,
    { details: { subject } },
  );
}
