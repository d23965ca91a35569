import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeNonCapture,
  isCaptureMagic,
} from '../../../../packages/core/src/capture/pcap/capture-magic.ts';

describe('capture magic', () => {
  it('recognizes pcap (µs and ns, both byte orders) and pcapng from four bytes', () => {
    for (const hex of ['d4c3b2a1', 'a1b2c3d4', '4d3cb2a1', 'a1b23c4d', '0a0d0d0a']) {
      assert.equal(isCaptureMagic(Buffer.from(hex, 'hex')), true, hex);
    }
    for (const hex of ['', 'd4c3b2', 'a1b2cd34', '464c4f57', '1f8b0800', 'd4c3b2a2']) {
      assert.equal(isCaptureMagic(Buffer.from(hex, 'hex')), false, hex);
    }
  });

  it('says what a file that is not a capture looks like', () => {
    assert.equal(describeNonCapture(Buffer.alloc(0)), 'empty file');
    assert.equal(describeNonCapture(Buffer.from('a,b,c\n1,2,3\n')), 'looks like CSV text ("a,b,c")');
    assert.equal(describeNonCapture(Buffer.from('hello world\r\n')), 'looks like text ("hello world")');
    assert.equal(describeNonCapture(Buffer.from('504b030414000000', 'hex')), 'looks like a zip file');
    assert.match(describeNonCapture(Buffer.from('a1b2cd3402000400', 'hex')), /modified \(Kuznetzov\) pcap/);
    assert.equal(
      describeNonCapture(Buffer.from('7f454c4602010100aaaa', 'hex')),
      'first bytes 0x7f454c4602010100',
    );
  });
});
