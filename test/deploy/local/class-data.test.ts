import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { classDataArchive, classDataOptions, discardArchives } from '../../../deploy/local/class-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'netattack-cds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('class-data archives', () => {
  it('names an archive after the component, its version and the Java build', () => {
    assert.equal(
      classDataArchive('/cache/cds', 'kafka', '4.1.1', '17.0.15'),
      join('/cache/cds', 'kafka-4.1.1-java17.0.15.jsa'),
    );
    assert.equal(
      classDataArchive('/c', 'registry', '3.0.9', '23-ea+1'),
      join('/c', 'registry-3.0.9-java23-ea_1.jsa'),
    );
  });

  it('records an archive on the first run and uses it afterwards', () => {
    const cds = join(dir, 'cds');
    const archive = classDataArchive(cds, 'kafka', '4.1.1', '17.0.15');
    assert.deepEqual(classDataOptions(archive), [`-XX:ArchiveClassesAtExit=${archive}`]);
    assert.ok(existsSync(cds), 'the folder exists for the JVM to write into');
    writeFileSync(archive, 'archive');
    assert.deepEqual(classDataOptions(archive), [`-XX:SharedArchiveFile=${archive}`]);
  });

  it("discards one component's archives and keeps the other's", () => {
    const cds = join(dir, 'discard');
    const kafka = classDataArchive(cds, 'kafka', '4.1.1', '17.0.15');
    const registry = classDataArchive(cds, 'registry', '3.0.9', '17.0.15');
    classDataOptions(kafka);
    writeFileSync(kafka, 'truncated');
    writeFileSync(registry, 'whole');
    discardArchives(cds, 'kafka');
    assert.deepEqual(readdirSync(cds), ['registry-3.0.9-java17.0.15.jsa']);
    discardArchives(join(dir, 'absent'), 'kafka');
  });
});
