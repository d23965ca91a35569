/**
 * @netattack/orchestration: drives a deployment from outside, the way an operator would: services as
 * child processes, topics read back. The demo, the end-to-end tests and the benches use it.
 */
export * from './deployment.ts';
export * from './service-processes.ts';
export * from './topic-reader.ts';
