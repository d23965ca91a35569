/** @netattack/core: errors, configuration from the environment, logs, the seeded random generator (what every package uses). */

export * from './config/env.ts';
export * from './errors.ts';
export * from './log/logger.ts';
export * from './random/seeded-rng.ts';
