import type { Resolver, Type } from 'avsc';

/**
 * Resolvers from writer to reader schema, one per (writer id, reader type). Building a resolver
 * compiles code; the registry client's own decode built one per message, which cut decoding from
 * about 475k to 4k records/s. `null` means the schemas are the same and the reader decodes directly.
 */
export class Resolvers {
  private readonly byReader = new WeakMap<Type, Map<number, Resolver | null>>();
  /** Resolvers built, for tests. */
  built = 0;

  get(writerId: number, writer: Type, reader: Type): Resolver | null {
    let forReader = this.byReader.get(reader);
    if (!forReader) {
      forReader = new Map();
      this.byReader.set(reader, forReader);
    }
    let resolver = forReader.get(writerId);
    if (resolver === undefined) {
      // equals() compares canonical forms: docs and defaults aside, the bytes are read the same way.
      resolver = reader.equals(writer) ? null : reader.createResolver(writer);
      if (resolver) this.built += 1;
      forReader.set(writerId, resolver);
    }
    return resolver;
  }
}
