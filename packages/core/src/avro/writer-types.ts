import type { Type } from 'avsc';
import type { PipelineError } from '../errors.ts';
import type { SchemaRegistryPort } from './registry-client.ts';

/** How long an id the registry did not know is answered from memory before asking again. */
export const DEFAULT_UNKNOWN_ID_TTL_MS = 10_000;

/**
 * Writer schemas by registry id: fetched once, then served from memory. Concurrent lookups of one id
 * share a request, and an unknown id is remembered for a while, so a stream of records with a bad id
 * costs one registry call, not one per record.
 */
export class WriterTypes {
  private readonly known = new Map<number, Type>();
  private readonly inFlight = new Map<number, Promise<Type>>();
  private readonly unknown = new Map<number, { error: PipelineError; until: number }>();
  /** Registry round trips made, for tests and metrics. */
  fetches = 0;

  constructor(
    private readonly registry: SchemaRegistryPort,
    private readonly unknownIdTtlMs = DEFAULT_UNKNOWN_ID_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a type this process registered itself: no need to fetch it back. */
  remember(id: number, type: Type): void {
    this.known.set(id, type);
    this.unknown.delete(id);
  }

  /** The cached type, or undefined when it must be fetched first. */
  cached(id: number): Type | undefined {
    return this.known.get(id);
  }

  /** The recorded failure for an id that was recently found unknown. */
  knownUnknown(id: number): PipelineError | undefined {
    const entry = this.unknown.get(id);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.error;
    this.unknown.delete(id);
    return undefined;
  }

  async get(id: number): Promise<Type> {
    const hit = this.known.get(id);
    if (hit) return hit;
    const recent = this.knownUnknown(id);
    if (recent) throw recent;
    let pending = this.inFlight.get(id);
    if (!pending) {
      this.fetches += 1;
      pending = this.registry.writerType(id).then(
        (type) => {
          this.known.set(id, type);
          return type;
        },
        (error: PipelineError) => {
          if (error.code === 'UNKNOWN_SCHEMA_ID') {
            this.unknown.set(id, { error, until: this.now() + this.unknownIdTtlMs });
          }
          throw error;
        },
      );
      pending.finally(() => this.inFlight.delete(id)).catch(() => undefined);
      this.inFlight.set(id, pending);
    }
    return pending;
  }
}
