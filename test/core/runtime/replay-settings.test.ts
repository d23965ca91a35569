import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readReplaySettings } from '@netattack/core/runtime';

describe('readReplaySettings', () => {
  it('reads how captures among DATA_PATHS are metered', () => {
    const settings = readReplaySettings(
      {
        DATA_PATHS: 'a.pcap,-',
        CAPTURE_MODE: 'fixed',
        CAPTURE_LABEL: 'Benign',
        CAPTURE_MAX_FLOWS: '5000',
        CAPTURE_TIME_ZONE: 'UTC',
      },
      100,
    );
    assert.deepEqual(settings.paths, ['a.pcap', '-']);
    assert.deepEqual(settings.capture, { mode: 'fixed', label: 'Benign', maxFlows: 5000, timeZone: 'UTC' });
  });

  it('defaults to CICFlowMeter-V4 as the dataset was made, unlabelled, in Atlantic time', () => {
    const settings = readReplaySettings({ DATA_PATHS: 'day.csv' }, 100);
    assert.deepEqual(settings.capture, {
      mode: 'cic',
      label: null,
      maxFlows: 1_000_000,
      timeZone: 'America/Moncton',
    });
  });

  it('refuses a mode or a time zone it does not know, naming the variable', () => {
    assert.throws(() => readReplaySettings({ DATA_PATHS: 'x', CAPTURE_MODE: 'zeek' }, 1), /CAPTURE_MODE/);
    assert.throws(
      () => readReplaySettings({ DATA_PATHS: 'x', CAPTURE_TIME_ZONE: 'Mars/Olympus' }, 1),
      /CAPTURE_TIME_ZONE must be an IANA time zone/,
    );
  });
});
