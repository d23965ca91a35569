import type { CleanFlow } from '@netattack/core/clean/clean-flow';
import type { FlowRecord } from '@netattack/core/flow/flow-record';
import { runServiceMain } from '@netattack/core/service/service-main';
import { startStageService } from '@netattack/core/service/stage-service';
import { cleanStage } from '@netattack/core/stages/clean-stage';

/** flows.raw -> flows.clean: the library's cleaning policies, record by record. */
await runServiceMain(() =>
  startStageService<FlowRecord, CleanFlow>({
    name: 'cleaner',
    defaultHealthPort: 9101,
    async create() {
      return {
        stage: {
          name: 'cleaner',
          input: 'raw',
          outputs: ['clean'],
          process: cleanStage,
          emit: (flow) => [{ role: 'clean', value: flow }],
          keyOf: (flow) => flow.flowKey,
        },
      };
    },
  }),
);
