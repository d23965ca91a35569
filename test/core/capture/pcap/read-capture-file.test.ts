import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCaptureFile } from '../../../../packages/core/src/capture/pcap/index.ts';
import { isPipelineError } from '../../../../packages/core/src/errors.ts';
import { fixture } from '../../../fixtures/paths.ts';
import { readFixture, snapshot } from './capture-encoding.ts';

describe('readCaptureFile', () => {
  it('streams a file to the same packets as one push, whatever the read size', async () => {
    const whole = readFixture('test_copy.pcap');
    for (const chunkBytes of [undefined, 4093]) {
      const packets: ReturnType<typeof snapshot>[] = [];
      const stats = await readCaptureFile(fixture('pcap/test_copy.pcap'), (p) => packets.push(snapshot(p)), {
        chunkBytes,
      });
      assert.deepEqual(stats, whole.stats);
      assert.deepEqual(packets, whole.packets);
    }
  });

  it('rejects a missing file with FILE_NOT_FOUND and a CSV file with CAPTURE_FORMAT', async () => {
    await assert.rejects(
      readCaptureFile(fixture('pcap/missing.pcap'), () => {}),
      (error: unknown) => {
        return isPipelineError(error) && error.code === 'FILE_NOT_FOUND';
      },
    );
    await assert.rejects(
      readCaptureFile(fixture('pcap/sample.csv'), () => {}),
      (error: unknown) => {
        return (
          isPipelineError(error) &&
          error.code === 'CAPTURE_FORMAT' &&
          /sample\.csv: .*looks like CSV/.test(error.message)
        );
      },
    );
  });
});
