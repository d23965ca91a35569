import type { Schema, Type } from 'avsc';
import { PipelineError } from '../errors.ts';
import { valueSubject } from '../topology/topics.ts';
import { compileType } from './compile-type.ts';
import type { SchemaRegistryPort } from './registry-client.ts';
import { Resolvers } from './resolvers.ts';
import { readSchemaId, WIRE_HEADER_BYTES, writeWireHeader } from './wire-format.ts';
import { DEFAULT_UNKNOWN_ID_TTL_MS, WriterTypes } from './writer-types.ts';

export type DecodeOutcome<T> = { ok: true; value: T; schemaId: number } | { ok: false; error: PipelineError };

export interface AvroSerdeOptions {
  /** How long an unknown schema id is answered from memory (default 10 s). */
  unknownIdTtlMs?: number;
  /**
   * How long `decodeMany` treats a schema id the registry does not know (yet) as a retriable wait
   * for the whole batch, counted from the first time the registry said no to it (default 0: the
   * record fails at once, UNKNOWN_SCHEMA_ID). The services wait (SCHEMA_WAIT_TIMEOUT_S), so a
   * registry that restarts, or is catching up, costs time and not records; past the wait the record
   * is dead-lettered, so a bogus id cannot stall its partition for ever.
   */
  unknownIdWaitMs?: number;
  now?: () => number;
}

interface TopicWriter {
  id: number;
  type: Type;
}

const INITIAL_SCRATCH_BYTES = 64 * 1024;

/**
 * Avro values in the Confluent wire format, schemas through the registry. Encoding and decoding run
 * on avsc directly with compiled Types; the registry is asked only to register a schema and, once
 * per unknown id, for a writer schema. Decoding resolves the writer schema to the topic's reader
 * schema when they differ, with a resolver built once per (writer id, reader).
 */
export class AvroSerde {
  private readonly writers = new Map<string, TopicWriter>();
  private readonly readers = new Map<string, Type>();
  private readonly writerTypes: WriterTypes;
  private readonly resolvers = new Resolvers();
  private scratch = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);
  private readonly unknownIdWaitMs: number;
  private readonly now: () => number;
  /** When the registry first said it did not know an id, for the ids still unknown. */
  private readonly unknownSince = new Map<number, number>();

  constructor(
    private readonly registry: SchemaRegistryPort,
    options: AvroSerdeOptions = {},
  ) {
    this.unknownIdWaitMs = options.unknownIdWaitMs ?? 0;
    this.now = options.now ?? Date.now;
    // While waiting for an id, ask again every second rather than once per TTL.
    const ttl = options.unknownIdTtlMs ?? DEFAULT_UNKNOWN_ID_TTL_MS;
    this.writerTypes = new WriterTypes(
      registry,
      this.unknownIdWaitMs > 0 ? Math.min(ttl, 1000) : ttl,
      this.now,
    );
  }

  /**
   * Registers `schema` as the value schema of `topic` (subject `<topic>-value`, BACKWARD) and makes it
   * the schema this process writes to the topic, and reads with unless `useReader` chose another.
   */
  async register(topic: string, schema: Schema): Promise<number> {
    return this.adopt(topic, schema, await this.registry.register(valueSubject(topic), schema));
  }

  /**
   * As `register`, for a principal that may not register: finds the id `schema` already has under
   * the topic's subject, or rejects TOPOLOGY_MISSING (run `netattack provision`).
   */
  async lookup(topic: string, schema: Schema): Promise<number> {
    return this.adopt(topic, schema, await this.registry.lookup(valueSubject(topic), schema));
  }

  private adopt(topic: string, schema: Schema, id: number): number {
    const type = compileType(schema);
    this.writers.set(topic, { id, type });
    if (!this.readers.has(topic)) this.readers.set(topic, type);
    this.writerTypes.remember(id, type);
    return id;
  }

  /** The schema records of `topic` are decoded into, whatever schema they were written with. */
  useReader(topic: string, schema: Schema): void {
    this.readers.set(topic, compileType(schema));
  }

  /** The registry id this process writes `topic` with. */
  schemaId(topic: string): number {
    return this.writer(topic).id;
  }

  /** Registry round trips for writer schemas and resolvers built so far (for tests and metrics). */
  cacheStats(): { writerFetches: number; resolversBuilt: number } {
    return { writerFetches: this.writerTypes.fetches, resolversBuilt: this.resolvers.built };
  }

  private writer(topic: string): TopicWriter {
    const writer = this.writers.get(topic);
    if (!writer) {
      throw new PipelineError(
        'AVRO_ENCODE',
        `no schema registered for topic ${topic}: call register(topic, schema) first`,
      );
    }
    return writer;
  }

  encode(topic: string, value: unknown): Buffer {
    const writer = this.writer(topic);
    const end = this.encodeIntoScratch(topic, writer, value, 0);
    const framed = Buffer.allocUnsafe(end);
    this.scratch.copy(framed, 0, 0, end);
    return framed;
  }

  /** One allocation for the whole batch; each returned Buffer is a view of its own bytes in it. */
  encodeMany(topic: string, values: readonly unknown[]): Buffer[] {
    const writer = this.writer(topic);
    const ends = new Array<number>(values.length);
    let end = 0;
    for (let i = 0; i < values.length; i++) {
      end = this.encodeIntoScratch(topic, writer, values[i], end);
      ends[i] = end;
    }
    const block = Buffer.allocUnsafeSlow(end);
    this.scratch.copy(block, 0, 0, end);
    const framed = new Array<Buffer>(values.length);
    let start = 0;
    for (let i = 0; i < values.length; i++) {
      framed[i] = block.subarray(start, ends[i]);
      start = ends[i]!;
    }
    return framed;
  }

  /** Writes header and body at `at` in the scratch buffer, growing it as needed; returns the end. */
  private encodeIntoScratch(topic: string, writer: TopicWriter, value: unknown, at: number): number {
    for (;;) {
      if (this.scratch.length < at + WIRE_HEADER_BYTES) this.grow(at + WIRE_HEADER_BYTES);
      writeWireHeader(this.scratch.subarray(at), writer.id);
      let end: number;
      try {
        end = writer.type.encode(value, this.scratch, at + WIRE_HEADER_BYTES);
      } catch (error) {
        throw encodeError(topic, writer.type, value, error);
      }
      if (end >= 0) return end;
      // avsc returns minus the number of bytes missing.
      this.grow(this.scratch.length - end);
    }
  }

  private grow(atLeast: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(atLeast, this.scratch.length * 2));
    this.scratch.copy(bigger);
    this.scratch = bigger;
  }

  /** Decodes one framed record; throws AVRO_DECODE, UNKNOWN_SCHEMA_ID or REGISTRY_UNAVAILABLE. */
  async decode<T = unknown>(topic: string, payload: Buffer | null): Promise<T> {
    const id = readSchemaId(payload);
    const writer = this.writerTypes.cached(id) ?? (await this.writerTypes.get(id));
    return this.decodeWith<T>(topic, id, writer, payload!);
  }

  /**
   * Decodes a batch, one outcome per payload in order: a bad record gets its error (to dead-letter)
   * and the others decode. Throws only when no record is at fault: REGISTRY_UNAVAILABLE, or (within
   * `unknownIdWaitMs`) a retriable UNKNOWN_SCHEMA_ID for an id the registry may still learn.
   */
  async decodeMany<T = unknown>(
    topic: string,
    payloads: readonly (Buffer | null)[],
  ): Promise<DecodeOutcome<T>[]> {
    const ids = payloads.map((payload) => {
      try {
        return readSchemaId(payload);
      } catch (error) {
        return error as PipelineError;
      }
    });
    const missing = new Set<number>();
    for (const id of ids) if (typeof id === 'number' && !this.writerTypes.cached(id)) missing.add(id);
    const failures = new Map<number, PipelineError>();
    await Promise.all(
      [...missing].map(async (id) => {
        try {
          await this.writerTypes.get(id);
        } catch (error) {
          const failure = error as PipelineError;
          if (failure.code !== 'UNKNOWN_SCHEMA_ID') throw failure;
          failures.set(id, failure);
        }
      }),
    );
    this.waitForUnknownIds(failures);
    return ids.map((id, i): DecodeOutcome<T> => {
      if (typeof id !== 'number') return { ok: false, error: id };
      const writer = this.writerTypes.cached(id);
      if (!writer) return { ok: false, error: failures.get(id)! };
      try {
        return { ok: true, value: this.decodeWith<T>(topic, id, writer, payloads[i]!), schemaId: id };
      } catch (error) {
        const failure =
          error instanceof PipelineError
            ? error
            : decodeError(topic, id, payloads[i]!, (error as Error)?.message ?? String(error));
        return { ok: false, error: failure };
      }
    });
  }

  /** Throws a retriable UNKNOWN_SCHEMA_ID while any id of the batch is within its wait. */
  private waitForUnknownIds(failures: Map<number, PipelineError>): void {
    for (const id of this.unknownSince.keys()) if (this.writerTypes.cached(id)) this.unknownSince.delete(id);
    if (this.unknownIdWaitMs <= 0 || failures.size === 0) return;
    const now = this.now();
    const waiting: number[] = [];
    for (const id of failures.keys()) {
      const since = this.unknownSince.get(id) ?? now;
      this.unknownSince.set(id, since);
      if (now - since < this.unknownIdWaitMs) waiting.push(id);
    }
    if (waiting.length === 0) return;
    const first = Math.min(...waiting.map((id) => this.unknownSince.get(id)!));
    throw new PipelineError(
      'UNKNOWN_SCHEMA_ID',
      `schema id ${waiting.join(', ')} not known to the registry (yet): waiting ${Math.round((now - first) / 1000)} s of at most ${Math.round(this.unknownIdWaitMs / 1000)} s before dead-lettering its records`,
      { retriable: true, details: { schemaIds: waiting } },
    );
  }

  private decodeWith<T>(topic: string, id: number, writer: Type, payload: Buffer): T {
    const reader = this.readers.get(topic) ?? writer;
    let resolver: ReturnType<Resolvers['get']> = null;
    if (reader !== writer) {
      try {
        resolver = this.resolvers.get(id, writer, reader);
      } catch (error) {
        // A registered schema of something else (another subject's record): never read it as ours.
        throw decodeError(
          topic,
          id,
          payload,
          `written with a schema (${schemaName(writer)}) that cannot be read as ${schemaName(reader)}: ${(error as Error).message}`,
        );
      }
    }
    let decoded: { value: unknown; offset: number };
    try {
      decoded = resolver
        ? reader.decode(payload, WIRE_HEADER_BYTES, resolver)
        : reader.decode(payload, WIRE_HEADER_BYTES);
    } catch (error) {
      throw decodeError(topic, id, payload, (error as Error).message);
    }
    if (decoded.offset < 0) throw decodeError(topic, id, payload, 'the body ends before the record does');
    if (decoded.offset !== payload.length) {
      throw decodeError(topic, id, payload, `${payload.length - decoded.offset} bytes left after the record`);
    }
    return decoded.value as T;
  }
}

function schemaName(type: Type): string {
  return type.name ?? type.typeName;
}

function decodeError(topic: string, id: number, payload: Buffer, reason: string): PipelineError {
  return new PipelineError(
    'AVRO_DECODE',
    `record on ${topic} (${payload.length} bytes, schema id ${id}) does not decode: ${reason}`,
    { details: { topic, schemaId: id } },
  );
}

/** Names every field that does not fit the schema, so the producer side can see what to fix. */
function encodeError(topic: string, type: Type, value: unknown, error: unknown): PipelineError {
  const problems: string[] = [];
  type.isValid(value, {
    errorHook: (path: string[], got: unknown) => {
      if (problems.length < 5)
        problems.push(`${path.join('.') || '(record)'} = ${JSON.stringify(got) ?? String(got)}`);
    },
  });
  const reason = problems.length > 0 ? `invalid field(s): ${problems.join('; ')}` : (error as Error).message;
  return new PipelineError('AVRO_ENCODE', `value for ${topic} does not fit its schema: ${reason}`, {
    cause: error,
    details: { topic },
  });
}
