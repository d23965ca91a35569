import { fileURLToPath } from 'node:url';
import { intVar, readEnv, stringVar } from '@netattack/core/config/env';
import { ModelWatcher } from '@netattack/core/model/model-watcher';
import { runServiceMain } from '@netattack/core/service/service-main';
import { startStageService } from '@netattack/core/service/stage-service';
import type { FeatureVector } from '@netattack/core/stages/pipeline-records';
import { type Scored, scoreStage } from '@netattack/core/stages/score-stage';

const DEFAULT_MODEL_DIR = fileURLToPath(new URL('../../../models/default', import.meta.url));

/**
 * flows.features -> flows.scores (every flow) and alerts (flows at or over the threshold). The model
 * is read from MODEL_DIR and swapped for a new version between batches, without a restart.
 */
await runServiceMain(() =>
  startStageService<FeatureVector, Scored>({
    name: 'scorer',
    defaultHealthPort: 9103,
    async create({ env, logger }) {
      const config = readEnv(
        {
          MODEL_DIR: stringVar({
            default: DEFAULT_MODEL_DIR,
            description: 'Model directory written by netattack train',
          }),
          MODEL_POLL_MS: intVar({
            default: 1000,
            min: 50,
            max: 600_000,
            description: 'How often the model directory is checked',
          }),
          ALERT_TOP_FEATURES: intVar({
            default: 5,
            min: 1,
            max: 50,
            description: 'Features named in an alert',
          }),
        },
        env,
      );
      const watcher = new ModelWatcher(config.MODEL_DIR, { logger, pollMs: config.MODEL_POLL_MS });
      await watcher.start();
      return {
        stage: {
          name: 'scorer',
          input: 'features',
          outputs: ['scores', 'alerts'],
          // One model per batch: read once here, so a swap lands between batches.
          process: (vectors) =>
            scoreStage(vectors, watcher.current(), { topFeatures: config.ALERT_TOP_FEATURES }),
          emit: ({ score, alert }) =>
            alert === null
              ? [{ role: 'scores', value: score }]
              : [
                  { role: 'scores', value: score },
                  { role: 'alerts', value: alert },
                ],
          keyOf: ({ score }) => score.flowKey,
        },
        close: async () => watcher.stop(),
      };
    },
  }),
);
