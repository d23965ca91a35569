import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { type HealthServer, startHealthServer } from '../../../packages/core/src/runtime/health-server.ts';
import { createServiceMetrics } from '../../../packages/core/src/runtime/metrics.ts';

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

function get(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('health server', () => {
  let server: HealthServer;
  const metrics = createServiceMetrics('cleaner', { processMetrics: false });

  before(async () => {
    server = await startHealthServer({ port: 0, host: '127.0.0.1', registry: metrics.registry });
  });
  after(() => server.close());

  it('binds an ephemeral port when asked for port 0', () => {
    assert.ok(server.port > 0 && server.port < 65536);
  });

  it('answers live from the start, ready only once the service says so', async () => {
    assert.deepEqual(await get(server.port, '/health/live'), {
      status: 200,
      contentType: 'application/json',
      body: '{"status":"live"}',
    });
    assert.equal((await get(server.port, '/health/ready')).status, 503);
    server.setReady(true);
    assert.equal(server.ready, true);
    const ready = await get(server.port, '/health/ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.body, '{"status":"ready"}');
    server.setReady(false);
    assert.equal((await get(server.port, '/health/ready')).status, 503);
    assert.equal((await get(server.port, '/health/live')).status, 200);
  });

  it('is not ready, saying what it waits for, while a dependency is away', async () => {
    const problems = [{ what: 'kafka', reason: 'connect ECONNREFUSED', forMs: 1500 }];
    const waiting = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      registry: new Registry(),
      problems: () => problems,
    });
    try {
      waiting.setReady(true);
      const reply = await get(waiting.port, '/health/ready');
      assert.equal(reply.status, 503);
      assert.deepEqual(JSON.parse(reply.body), { status: 'not ready', waitingFor: problems });
      problems.length = 0;
      assert.equal((await get(waiting.port, '/health/ready')).status, 200);
    } finally {
      await waiting.close();
    }
  });

  it('serves the registry in the Prometheus text format', async () => {
    metrics.recordsIn.inc({ topic: 'flows.raw' }, 5594);
    metrics.deadLetters.inc({ reason: 'BAD_NUMBER' }, 2);
    const reply = await get(server.port, '/metrics');
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, metrics.registry.contentType);
    assert.match(reply.body, /^netattack_records_in_total\{topic="flows\.raw",service="cleaner"\} 5594$/m);
    assert.match(reply.body, /^netattack_dead_letters_total\{reason="BAD_NUMBER",service="cleaner"\} 2$/m);
  });

  it('says 404 for other paths and 405 for other methods', async () => {
    assert.equal((await get(server.port, '/health')).status, 404);
    const post = await get(server.port, '/health/ready', 'POST');
    assert.equal(post.status, 405);
  });

  it('closes once, however often asked, and then refuses connections', async () => {
    const other = await startHealthServer({ port: 0, host: '127.0.0.1', registry: new Registry() });
    other.setReady(true);
    assert.equal((await get(other.port, '/health/ready')).status, 200);
    await Promise.all([other.close(), other.close()]);
    await other.close();
    assert.equal(other.ready, false);
    await assert.rejects(get(other.port, '/health/live'), /ECONNREFUSED/);
  });

  it('reports a port already in use instead of listening nowhere', async () => {
    await assert.rejects(
      startHealthServer({ port: server.port, host: '127.0.0.1', registry: new Registry() }),
      /EADDRINUSE/,
    );
  });
});
