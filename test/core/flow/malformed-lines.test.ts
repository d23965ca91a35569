import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readFlowFiles } from '../../../packages/core/src/flow/csv-reader.ts';
import type { ParseResult } from '../../../packages/core/src/flow/parse-row.ts';
import { DEFAULT_MAX_LINE_CHARS } from '../../../packages/core/src/flow/read-lines.ts';
import {
  FUZZ_SOURCES,
  type GeneratedFile,
  generateFile,
  MALFORMED_KINDS,
  READER_LINE_LIMIT,
  VALID_VARIANTS,
  writeGeneratedFile,
} from '../../support/malformed-lines.ts';

// GENERATED data (seeded): malformed lines made from the shipped real rows, every kind of
// test/support/malformed-lines.ts, read through the real file reader and row parser. The same lines
// go through Kafka in test/services/malformed-input.test.ts.

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netattack-malformed-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(path: string, chunkBytes?: number): Promise<ParseResult[]> {
  const results: ParseResult[] = [];
  for await (const event of readFlowFiles([path], { chunkBytes })) {
    if (event.kind === 'rows') results.push(...event.results);
  }
  return results;
}

function check(file: GeneratedFile, results: ParseResult[]): Map<string, number> {
  assert.equal(results.length, file.lines.length, `${file.name}: one result per line`);
  const perKind = new Map<string, number>();
  file.lines.forEach((expected, i) => {
    const result = results[i]!;
    const where = `${file.name}:${i + 2} (${expected.kind})`;
    perKind.set(expected.kind, (perKind.get(expected.kind) ?? 0) + 1);
    if (expected.expect === null) {
      assert.ok(result.ok, `${where} must be accepted: ${result.ok ? '' : result.message}`);
      return;
    }
    assert.ok(!result.ok, `${where} was accepted: ${JSON.stringify(expected.text.slice(0, 200))}`);
    assert.ok(expected.expect.codes.includes(result.code), `${where}: ${result.code} ${result.message}`);
    if (expected.expect.column !== undefined) assert.equal(result.column, expected.expect.column, where);
    assert.equal(result.text, expected.text, `${where}: the line as read`);
    assert.deepEqual(result.source, { file: file.name, line: i + 2 });
    assert.ok(result.message.startsWith(`${file.name}:${i + 2}: `), result.message);
  });
  return perKind;
}

describe('generated malformed lines through the reader and the row parser', () => {
  it('uses the reader line limit the generator assumes', () => {
    assert.equal(READER_LINE_LIMIT, DEFAULT_MAX_LINE_CHARS);
  });

  it('refuses every malformed line with its code and column, and accepts every real row', async () => {
    const perKind = new Map<string, number>();
    let malformed = 0;
    let real = 0;
    for (const [i, source] of (Object.keys(FUZZ_SOURCES) as (keyof typeof FUZZ_SOURCES)[]).entries()) {
      const file = generateFile({
        source,
        name: `${source}.csv`,
        realRows: 500,
        malformed: 2600,
        seed: 90 + i,
      });
      const results = await readAll(await writeGeneratedFile(dir, file));
      for (const [kind, n] of check(file, results)) perKind.set(kind, (perKind.get(kind) ?? 0) + n);
      malformed += file.lines.filter((l) => l.expect !== null).length;
      real += file.lines.filter((l) => l.expect === null).length;
    }
    assert.ok(malformed >= 10_000, `${malformed} malformed lines`);
    assert.equal(real, 2000);
    for (const kind of [...Object.keys(MALFORMED_KINDS), ...Object.keys(VALID_VARIANTS)]) {
      assert.ok((perKind.get(kind) ?? 0) > 0, `kind ${kind} generated`);
    }
  });

  it('reads the same whatever the chunk size (binary bytes and long lines across chunk borders)', async () => {
    const file = generateFile({
      source: 'cic2017-trafficlabelling',
      name: 'chunks.csv',
      realRows: 100,
      malformed: 900,
      seed: 7,
    });
    const path = await writeGeneratedFile(dir, file);
    check(file, await readAll(path, 997));
  });
});
