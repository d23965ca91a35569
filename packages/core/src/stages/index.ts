/** @netattack/core/stages: the library's stage functions (clean, features, score) and what they use. */
export * from '../clean/clean-flow.ts';
export * from '../clean/dedupe.ts';
export * from '../features/feature-set.ts';
export * from '../features/featurize.ts';
export * from './clean-stage.ts';
export * from './features-stage.ts';
export * from './score-stage.ts';
export * from './stage-result.ts';
