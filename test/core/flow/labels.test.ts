import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  CIC_IDS2017_LABELS,
  CIC_IDS2018_LABELS,
  isBenign,
  isKnownLabel,
  normaliseLabel,
} from '../../../packages/core/src/flow/labels.ts';
import { fixture } from '../../fixtures/paths.ts';

/** Label cells of a fixture, decoded as UTF-8 like the reader does. */
function labelCells(name: string): string[] {
  const lines = readFileSync(fixture(name), 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((line) => line.replace(/\r$/, '').split(',').at(-1)!);
}

describe('normaliseLabel', () => {
  it('makes BENIGN and Benign one label', () => {
    assert.equal(normaliseLabel('BENIGN'), 'Benign');
    assert.equal(normaliseLabel('Benign'), 'Benign');
    assert.equal(normaliseLabel(' benign '), 'Benign');
    assert.ok(isBenign(normaliseLabel('BENIGN')));
    assert.ok(!isBenign(normaliseLabel('DDoS')));
  });

  it('turns the U+0096 dash of the shared 2017 slice into a hyphen', () => {
    const raw = labelCells('cic2017-trafficlabelling.csv');
    assert.equal(raw[0], 'Web Attack \u0096 Sql Injection');
    assert.deepEqual(
      [...new Set(raw.map(normaliseLabel))],
      ['Web Attack - Sql Injection', 'Web Attack - XSS'],
    );
  });

  it('turns the raw 0x96 byte of the original files (read as U+FFFD) into a hyphen', () => {
    const raw = labelCells('cic2017-raw-dash.csv');
    assert.equal(raw[0], 'Web Attack \ufffd Sql Injection');
    assert.ok(raw.every((label) => normaliseLabel(label) === 'Web Attack - Sql Injection'));
  });

  it('accepts an en dash, a lost dash, double spaces and other case', () => {
    assert.equal(normaliseLabel('Web Attack \u2013 Brute Force'), 'Web Attack - Brute Force');
    assert.equal(normaliseLabel('Web Attack  Brute Force'), 'Web Attack - Brute Force');
    assert.equal(normaliseLabel('ddos  ATTACK-hoic'), 'DDOS attack-HOIC');
    assert.equal(normaliseLabel('dos slowloris'), 'DoS slowloris');
  });

  it('keeps every table label as it is', () => {
    for (const label of [...CIC_IDS2018_LABELS, ...CIC_IDS2017_LABELS]) {
      assert.equal(normaliseLabel(label), label);
      assert.ok(isKnownLabel(label));
    }
  });

  it('keeps an unknown label, tidied, and says it is unknown', () => {
    assert.equal(normaliseLabel('  Brand\u0096New   Attack '), 'Brand-New Attack');
    assert.ok(!isKnownLabel('Brand-New Attack'));
  });

  it('gives null for empty cells and extractor placeholders', () => {
    for (const raw of [null, undefined, '', '   ', 'No Label', 'NeedManualLabel', 'CIC']) {
      assert.equal(normaliseLabel(raw), null, String(raw));
    }
  });
});
