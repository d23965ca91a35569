import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandPaths, sourceNames } from '@netattack/core/flow';
import { fixture, SHARED_DATA_MISSING, sharedData } from '../../fixtures/paths.ts';

describe('sourceNames', () => {
  it('names a file by its base name while that is unique in the run', () => {
    const names = sourceNames(['/data/a/day.csv', '/data/b/other.pcap', '-']);
    assert.deepEqual([...names.values()], ['day.csv', 'other.pcap', 'stdin']);
  });

  it('adds parent folders where base names clash, as many as tell the files apart', () => {
    const names = sourceNames([
      '/x/nfstream/ssh.pcap',
      '/x/zeek/ssh.pcap',
      '/y/a/b.csv',
      '/z/a/b.csv',
      '/t/c.csv',
    ]);
    assert.deepEqual(
      [...names.values()],
      ['nfstream/ssh.pcap', 'zeek/ssh.pcap', 'y/a/b.csv', 'z/a/b.csv', 'c.csv'],
    );
  });

  it('gives every file of the shared data folder its own name', { skip: SHARED_DATA_MISSING }, async () => {
    const files = await expandPaths([sharedData(), fixture('pcap')]);
    const names = [...sourceNames(files).values()];
    assert.equal(new Set(names).size, files.length);
    assert.ok(names.includes('nfstream/ssh.pcap') && names.includes('zeek/ssh.pcap'));
  });
});
