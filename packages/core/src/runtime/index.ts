/** @netattack/core/runtime: the one service shell, its workloads (a source or a chain of stages), health and metrics. */

export * from '../replay/pacer.ts';
export * from '../replay/replay.ts';
export * from './access-grants.ts';
export * from './health-server.ts';
export * from './kafka-connection.ts';
export * from './metrics.ts';
export * from './replay-source.ts';
export * from './security-config.ts';
export * from './service-access.ts';
export * from './service-config.ts';
export * from './service-definitions.ts';
export * from './service-shell.ts';
export * from './stage-catalog.ts';
export * from './stage-chain.ts';
export * from './work.ts';
