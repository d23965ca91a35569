import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT, icmp, meter, SERVER, tcp, udp } from './packets.ts';

const V6_CLIENT = { ip: '2001:db8::1', port: 50000 };
const V6_SERVER = { ip: 'fe80::2', port: 443 };

describe('protocols and addresses', () => {
  it('cic: ICMP is protocol 0 with ports 0 and no bytes, as V4 read any non-TCP/UDP IPv4 packet', () => {
    const { records } = meter('cic', [
      icmp(0, '10.0.0.1', '10.0.0.9', 56),
      icmp(10, '10.0.0.9', '10.0.0.1', 56),
    ]);
    const r = records[0]!;
    assert.equal(r.protocol, 0);
    assert.equal(r.flowId, '10.0.0.1-10.0.0.9-0-0-0');
    assert.equal(r.totLenFwdPkts, 0);
    assert.equal(r.fwdHeaderLen, 0);
    assert.equal(r.initFwdWinByts, -1);
  });

  it('fixed: ICMP is protocol 1 with its bytes', () => {
    const r = meter('fixed', [icmp(0, '10.0.0.1', '10.0.0.9', 56), icmp(10, '10.0.0.9', '10.0.0.1', 56)])
      .records[0]!;
    assert.equal(r.protocol, 1);
    assert.equal(r.flowId, '10.0.0.1-10.0.0.9-0-0-1');
    assert.equal(r.totLenFwdPkts, 56);
    assert.equal(r.totBwdPkts, 1);
  });

  it('cic ignores IPv6, as V4 opened captures with readIP6 = false; fixed meters it', () => {
    const packets = [tcp(0, V6_CLIENT, V6_SERVER, 0x02), tcp(10, V6_SERVER, V6_CLIENT, 0x12)];
    const cic = meter('cic', packets);
    assert.equal(cic.records.length, 0);
    assert.equal(cic.stats.ignoredPackets, 2);
    assert.equal(cic.stats.packets, 2);
    const fixed = meter('fixed', packets);
    assert.equal(fixed.records.length, 1);
    // 0x20 (2001:...) is below 0xfe (-2 as a Java byte)? No: -2 < 32, so fe80:: sorts first.
    assert.equal(fixed.records[0]!.flowId, 'fe80::2-2001:db8::1-443-50000-6');
    assert.equal(fixed.records[0]!.srcIp, '2001:db8::1');
  });

  it('cic: one address on both sides makes a flow per direction; fixed pairs them by port', () => {
    const a = { ip: '127.0.0.1', port: 1000 };
    const b = { ip: '127.0.0.1', port: 2000 };
    const packets = [udp(0, a, b, 1), udp(5, b, a, 1), udp(10, a, b, 1), udp(15, b, a, 1)];
    const cic = meter('cic', packets).records;
    assert.deepEqual(cic.map((r) => r.flowId).sort(), [
      '127.0.0.1-127.0.0.1-1000-2000-17',
      '127.0.0.1-127.0.0.1-2000-1000-17',
    ]);
    const fixed = meter('fixed', packets).records;
    assert.equal(fixed.length, 1);
    assert.equal(fixed[0]!.totFwdPkts, 2);
    assert.equal(fixed[0]!.totBwdPkts, 2);
  });

  it('both directions of UDP and TCP join one flow; the first sender is Src', () => {
    for (const mode of ['cic', 'fixed'] as const) {
      const r = meter(mode, [udp(0, SERVER, CLIENT, 5), udp(1, CLIENT, SERVER, 6), udp(2, SERVER, CLIENT, 7)])
        .records[0]!;
      assert.equal(r.srcIp, SERVER.ip, mode);
      assert.equal(r.srcPort, SERVER.port, mode);
      assert.equal(r.dstIp, CLIENT.ip, mode);
      assert.equal(r.totFwdPkts, 2, mode);
      assert.equal(r.totLenBwdPkts, 6, mode);
      assert.equal(r.flowId, '10.0.0.1-10.0.0.2-40000-80-17', mode);
    }
  });
});
