import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  FUZZ_SOURCES,
  type GeneratedFile,
  generateFile,
  writeGeneratedFile,
} from '../support/malformed-lines.ts';
import { type DeadLetter, type FlowScore, startTestDeployment } from './deployment-harness.ts';

/*
 * GENERATED data (seeded, test/support/malformed-lines.ts): 10,400 malformed lines, every kind issue 9
 * lists (truncated, extra and missing columns, words, 1e400, a lone -, 0x1F, junk text, unbalanced
 * quotes, bad timestamps, binary bytes, over-long lines, ...), each made from a real row of the shipped
 * files, shuffled among 3,600 real rows (some respelled as the CIC files do: Infinity, 1581.0, quoted
 * cells), one file per layout. The real producer replays them into the real pipeline.
 */
const FILES: GeneratedFile[] = (Object.keys(FUZZ_SOURCES) as (keyof typeof FUZZ_SOURCES)[]).map((source, i) =>
  generateFile({
    source,
    name: `fuzz-${source}.csv`,
    realRows: source === 'cic2018-80' || source === 'cic2018-79' ? 1_500 : 300,
    malformed: 2_600,
    seed: 20_250 + i,
  }),
);

const scratch = await mkdtemp(join(tmpdir(), 'netattack-fuzz-'));
after(() => rm(scratch, { recursive: true, force: true }));

describe('malformed input through the producer and the pipeline', () => {
  it('dead-letters every malformed line with its text, code and column, scores every real row, and nothing crashes', async () => {
    for (const file of FILES) await writeGeneratedFile(scratch, file);
    const malformed = new Map<string, { file: GeneratedFile; index: number }>();
    const real = new Set<string>();
    for (const file of FILES) {
      file.lines.forEach((line, index) => {
        const id = `${file.name}:${index + 2}`;
        if (line.expect === null) real.add(id);
        else malformed.set(id, { file, index });
      });
    }
    assert.ok(malformed.size >= 10_000, `${malformed.size} malformed lines`);

    const pipeline = await startTestDeployment({ name: 'malformed-input' });
    try {
      assert.equal(await pipeline.replay([scratch]), 0, 'the producer exits 0');
      await pipeline.waitUntilScored(60_000);

      const letters = await pipeline.read<DeadLetter>(pipeline.connection.topics.deadLetter);
      assert.deepEqual(
        letters.filter((l) => l.stage !== 'producer').map((l) => [l.stage, l.reasonCode, l.message]),
        [],
        'no stage after the producer refuses anything',
      );
      const byLine = new Map<string, DeadLetter>();
      for (const letter of letters) byLine.set(`${letter.sourceFile}:${letter.sourceLine}`, letter);
      for (const id of byLine.keys()) assert.ok(malformed.has(id), `${id} dead-lettered but not malformed`);
      for (const [id, { file, index }] of malformed) {
        const line = file.lines[index]!;
        const letter = byLine.get(id);
        assert.ok(letter, `${id} (${line.kind}) is not in flows.deadletter`);
        assert.ok(
          line.expect!.codes.includes(letter.reasonCode),
          `${id} (${line.kind}): ${letter.reasonCode}`,
        );
        if (line.expect!.column !== undefined) assert.equal(letter.column, line.expect!.column, id);
        assert.equal(letter.originalText, line.text, `${id} (${line.kind}): the text as read`);
        assert.ok(letter.message.startsWith(`${id}: `), letter.message);
        assert.equal(letter.retriable, false);
      }
      assert.equal(byLine.size, malformed.size);

      const scores = await pipeline.read<FlowScore>(pipeline.connection.topics.scores);
      const scored = new Set(scores.map((s) => s.recordId));
      assert.deepEqual(
        [...real].filter((id) => !scored.has(id)),
        [],
        'every real row is scored',
      );
      assert.equal(scored.size, real.size, 'and nothing else');

      for (const service of pipeline.processes.services) {
        assert.equal(service.child.exitCode, null, `${service.name} is still running`);
      }
      assert.deepEqual(
        Object.values(await pipeline.processes.stop()).filter((code) => code !== 0),
        [],
        'every service stops cleanly',
      );
    } finally {
      await pipeline.close();
    }
  });
});
