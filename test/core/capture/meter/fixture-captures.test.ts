import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createFlowMeter, METER_MODES } from '../../../../packages/core/src/capture/meter/index.ts';
import { readCaptureFile } from '../../../../packages/core/src/capture/pcap/index.ts';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/pcap');
const CAPTURES = readdirSync(FIXTURES).filter((f) => /\.pcap(ng)?$/.test(f));

describe('every fixture capture through the reader and the meter', () => {
  for (const file of CAPTURES) {
    for (const mode of METER_MODES) {
      it(`${file}, ${mode}: every packet is in exactly one flow, written or counted`, async () => {
        let packetsInFlows = 0;
        const meter = createFlowMeter({
          mode,
          sourceName: file,
          label: null,
          onFlow: (r) => {
            packetsInFlows += r.totFwdPkts + r.totBwdPkts;
          },
        });
        const read = await readCaptureFile(join(FIXTURES, file), (p) => meter.add(p));
        meter.flush();
        const s = meter.stats();
        assert.equal(s.packets, read.decoded);
        assert.equal(s.flowsOpen, 0);
        assert.equal(
          Object.values(s.endedByReason).reduce((a, b) => a + b, 0),
          s.flowsEnded,
        );
        // A dropped flow (cic) has exactly one packet.
        assert.equal(packetsInFlows + s.droppedSinglePacket + s.ignoredPackets, read.decoded);
        if (mode === 'fixed') assert.equal(s.droppedSinglePacket + s.ignoredPackets, 0);
      });
    }
  }
});
