import type { CleanFlow } from '@netattack/core/clean/clean-flow';
import { runServiceMain } from '@netattack/core/service/service-main';
import { startStageService } from '@netattack/core/service/stage-service';
import { featuresStage } from '@netattack/core/stages/features-stage';
import type { FeatureVector } from '@netattack/core/stages/pipeline-records';

/** flows.clean -> flows.features: every feature the library knows; each model picks its own by name. */
await runServiceMain(() =>
  startStageService<CleanFlow, FeatureVector>({
    name: 'features',
    defaultHealthPort: 9102,
    async create() {
      return {
        stage: {
          name: 'features',
          input: 'clean',
          outputs: ['features'],
          process: featuresStage,
          emit: (vector) => [{ role: 'features', value: vector }],
          keyOf: (vector) => vector.flowKey,
        },
      };
    },
  }),
);
