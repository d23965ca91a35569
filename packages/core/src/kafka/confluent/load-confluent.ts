import { createRequire } from 'node:module';

export type ConfluentModule = typeof import('@confluentinc/kafka-javascript');

let loaded: ConfluentModule | undefined;

/**
 * @confluentinc/kafka-javascript is a native addon: it is loaded on first use, so a service on
 * another client starts even where this addon was not built.
 */
export function loadConfluent(): ConfluentModule {
  loaded ??= createRequire(import.meta.url)('@confluentinc/kafka-javascript') as ConfluentModule;
  return loaded;
}

export function confluentErrorCodes(): ConfluentModule['CODES']['ERRORS'] {
  return loadConfluent().CODES.ERRORS;
}
