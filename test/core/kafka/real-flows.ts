import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { detectLayout } from '../../../packages/core/src/flow/layouts.ts';
import { compileRowParser } from '../../../packages/core/src/flow/parse-row.ts';
import { sharedData } from '../../fixtures/paths.ts';

/**
 * Real rows, in this order: the 80-column 2018 day (timestamps and labels), then CIC-IDS2017
 * TrafficLabelling files, whose Flow ID and addresses fill the raw schema's optional fields, then
 * a 79-column 2018 file for volume.
 */
const SOURCES = [
  'cic2018/Wednesday-14-02-2018_slice.csv',
  'cic2017/Friday-07-07-2017_DDoS_trafficlabelling.csv',
  'cic2017/Thursday-06-07-2017_XSS_trafficlabelling.csv',
  'cic2017/Friday-07-07-2017_PortScan_trafficlabelling.csv',
  'cic2018/label_DDOS-attack-LOIC-UDP.csv',
];

/** The first `count` rows of the sources above that parse, as canonical raw flow records. */
export function realFlows(count: number): FlowRecord[] {
  const records: FlowRecord[] = [];
  for (const source of SOURCES) {
    const lines = readFileSync(sharedData(source), 'utf8').split('\n');
    const parser = compileRowParser(detectLayout(lines[0]!, basename(source)));
    for (let i = 1; i < lines.length && records.length < count; i++) {
      const line = lines[i]!.replace(/\r$/, '');
      if (line === '') continue;
      const result = parser.parse(line, i + 1);
      if (result.ok) records.push(result.record);
    }
    if (records.length === count) return records;
  }
  throw new Error(`the sources hold fewer than ${count} parseable rows`);
}
