import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readMetadata } from '@netattack/core/model';
import { runTraining } from '@netattack/core/train';
import { DEPLOYMENT_TOPOLOGIES } from '@netattack/orchestration';
import { waitFor } from '../support/wait-for.ts';
import { DEFAULT_MODEL, type FlowScore, SAMPLE, startTestDeployment } from './deployment-harness.ts';

const scratch = await mkdtemp(join(tmpdir(), 'netattack-swap-'));
after(() => rm(scratch, { recursive: true, force: true }));

for (const topology of DEPLOYMENT_TOPOLOGIES) {
  describe(`the scorer picks up a new model version without a restart (${topology})`, () => {
    it('scores every record exactly once across the swap, each with the version that scored it', async () => {
      const modelDir = join(scratch, `model-${topology}`);
      await cp(DEFAULT_MODEL, modelDir, { recursive: true });
      const first = await readMetadata(modelDir);
      const pipeline = await startTestDeployment({
        name: `swap-${topology}`,
        topology,
        modelDir,
        env: { MODEL_POLL_MS: '100' },
      });
      try {
        assert.equal(await pipeline.replay([join(SAMPLE, 'label_SQL-Injection.csv')]), 0);
        await pipeline.waitUntilScored();

        // A new model lands in the watched directory while the scorer runs.
        const second = (
          await runTraining({
            paths: [join(SAMPLE, 'label_Brute-Force-XSS.csv')],
            outDir: modelDir,
            forest: { nEstimators: 7, seed: 3 },
            seed: 3,
            threshold: 0.5,
            capPerClass: 1_000_000,
            testFraction: 0.3,
            includeDstPort: false,
            derived: [],
            leaveOneFileOut: false,
          })
        ).metadata;
        assert.notEqual(second.version, first.version);
        const scorerLog = join(pipeline.logDir, 'scorer-1.log');
        await waitFor(async () => (await readFile(scorerLog, 'utf8')).includes(`"to":"${second.version}"`), {
          timeoutMs: 30_000,
          description: `scorer log says it swapped to ${second.version}`,
        });

        assert.equal(await pipeline.replay([join(SAMPLE, 'label_Brute-Force-XSS.csv')]), 0);
        await pipeline.waitUntilScored();
        const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
        assert.equal(scores.length, 286 + 734, 'no record lost or scored twice');
        assert.equal(new Set(scores.map((s) => s.recordId)).size, scores.length);
        for (const score of scores) {
          const expected = score.source.file === 'label_SQL-Injection.csv' ? first.version : second.version;
          assert.equal(score.modelVersion, expected, score.recordId);
        }
      } finally {
        await pipeline.close();
      }
    });
  });
}
