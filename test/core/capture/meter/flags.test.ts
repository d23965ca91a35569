import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT, meter, SERVER, tcp } from './packets.ts';

/** Each flag alone on a flow's first packet, then a plain ACK: which column shows it. */
const FLAGS = [
  ['FIN', 0x01],
  ['SYN', 0x02],
  ['RST', 0x04],
  ['PSH', 0x08],
  ['ACK', 0x10],
  ['URG', 0x20],
  ['ECE', 0x40],
  ['CWR', 0x80],
] as const;

const COLUMNS = [
  'finFlagCnt',
  'synFlagCnt',
  'rstFlagCnt',
  'pshFlagCnt',
  'ackFlagCnt',
  'urgFlagCnt',
  'cwrFlagCnt',
  'eceFlagCnt',
] as const;

function columnsShowing(mode: 'cic' | 'fixed', bit: number): string[] {
  const r = meter(mode, [tcp(0, CLIENT, SERVER, bit), tcp(10, SERVER, CLIENT, 0)]).records[0]!;
  return COLUMNS.filter((c) => r[c] > 0);
}

describe('TCP flag counts', () => {
  it('cic: the first packet only, written in Java HashMap order under the V4 headers', () => {
    // Header (STAT_COLUMNS field) <- the flag it holds in CICFlowMeter-V4's output.
    const expected: Record<string, string> = {
      FIN: 'urgFlagCnt',
      SYN: 'pshFlagCnt',
      RST: 'finFlagCnt',
      PSH: 'synFlagCnt',
      ACK: 'ackFlagCnt',
      URG: 'cwrFlagCnt',
      ECE: 'rstFlagCnt',
      CWR: 'eceFlagCnt',
    };
    for (const [name, bit] of FLAGS) assert.deepEqual(columnsShowing('cic', bit), [expected[name]], name);
    const later = meter('cic', [
      tcp(0, CLIENT, SERVER, 0x10),
      tcp(10, SERVER, CLIENT, 0x18),
      tcp(20, SERVER, CLIENT, 0x18),
    ]).records[0]!;
    assert.equal(later.ackFlagCnt, 1, 'the later ACKs are not counted');
    assert.equal(later.synFlagCnt, 0, 'nor their PSH');
  });

  it('fixed: every packet, each flag under its own name (CWR under "CWE Flag Count")', () => {
    for (const [name, bit] of FLAGS) {
      const own = name === 'CWR' ? 'cwrFlagCnt' : `${name.toLowerCase()}FlagCnt`;
      assert.deepEqual(columnsShowing('fixed', bit), [own], name);
    }
  });

  it('Fwd/Bwd PSH and URG: cic counts the first packet only, fixed every packet', () => {
    const packets = [
      tcp(0, CLIENT, SERVER, 0x28),
      tcp(10, SERVER, CLIENT, 0x18),
      tcp(20, CLIENT, SERVER, 0x38),
      tcp(30, SERVER, CLIENT, 0x30),
    ];
    const cic = meter('cic', packets).records[0]!;
    assert.deepEqual([cic.fwdPshFlags, cic.fwdUrgFlags, cic.bwdPshFlags, cic.bwdUrgFlags], [1, 1, 0, 0]);
    const fixed = meter('fixed', packets).records[0]!;
    assert.deepEqual(
      [fixed.fwdPshFlags, fixed.fwdUrgFlags, fixed.bwdPshFlags, fixed.bwdUrgFlags],
      [2, 2, 1, 1],
    );
  });

  it('the NS bit (0x100) is no flag of these', () => {
    const r = meter('fixed', [tcp(0, CLIENT, SERVER, 0x100), tcp(10, SERVER, CLIENT, 0x100)]).records[0]!;
    for (const c of COLUMNS) assert.equal(r[c], 0, c);
  });
});
