/** @netattack/core/flow: the canonical flow record and reading the CIC day files onto it. */
export * from './columns.ts';
export * from './csv-reader.ts';
export * from './expand-paths.ts';
export * from './flow-record.ts';
export * from './labels.ts';
export * from './layouts.ts';
export * from './parse-row.ts';
export * from './source-names.ts';
export * from './timestamp.ts';
