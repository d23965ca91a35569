/** @netattack/core/topology: which topics exist, the record and schema each carries, subjects, provisioning. */

export * from './check-topology.ts';
export * from './dead-letters.ts';
export * from './provision.ts';
export * from './records.ts';
export * from './topics.ts';
