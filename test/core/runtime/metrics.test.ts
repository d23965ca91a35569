import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PartitionLag } from '../../../packages/core/src/kafka/bus.ts';
import { createServiceMetrics } from '../../../packages/core/src/runtime/metrics.ts';

async function sample(metrics: ReturnType<typeof createServiceMetrics>, name: string) {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  return metric.values.map((v) => ({ labels: v.labels, value: v.value }));
}

describe('service metrics', () => {
  it('counts records in and out by topic, and dead letters by reason, labelled with the service', async () => {
    const metrics = createServiceMetrics('features', { processMetrics: false });
    metrics.recordsIn.inc({ topic: 'flows.clean' }, 1000);
    metrics.recordsIn.inc({ topic: 'flows.clean' }, 24);
    metrics.recordsOut.inc({ topic: 'flows.features' }, 1020);
    metrics.recordsOut.inc({ topic: 'flows.deadletter' }, 4);
    metrics.deadLetters.inc({ reason: 'AVRO_DECODE' }, 3);
    metrics.deadLetters.inc({ reason: 'FEATURE_SET_MISMATCH' });
    assert.deepEqual(await sample(metrics, 'netattack_records_in_total'), [
      { labels: { topic: 'flows.clean' }, value: 1024 },
    ]);
    assert.deepEqual(await sample(metrics, 'netattack_dead_letters_total'), [
      { labels: { reason: 'AVRO_DECODE' }, value: 3 },
      { labels: { reason: 'FEATURE_SET_MISMATCH' }, value: 1 },
    ]);
    assert.match(
      await metrics.registry.metrics(),
      /netattack_records_out_total\{topic="flows\.features",service="features"\} 1020/,
    );
  });

  it('reads consumer lag from its source at each scrape, forgetting partitions no longer assigned', async () => {
    const metrics = createServiceMetrics('scorer', { processMetrics: false });
    let lags: PartitionLag[] = [
      { topic: 'flows.features', partition: 0, lag: 120, position: '880' },
      { topic: 'flows.features', partition: 4, lag: 0, position: '1000' },
    ];
    metrics.trackLag(() => lags);
    assert.deepEqual(await sample(metrics, 'netattack_consumer_lag'), [
      { labels: { topic: 'flows.features', partition: '0' }, value: 120 },
      { labels: { topic: 'flows.features', partition: '4' }, value: 0 },
    ]);
    lags = [{ topic: 'flows.features', partition: 4, lag: 37, position: '1000' }];
    assert.deepEqual(await sample(metrics, 'netattack_consumer_lag'), [
      { labels: { topic: 'flows.features', partition: '4' }, value: 37 },
    ]);
  });

  it('puts batch latencies in second buckets', async () => {
    const metrics = createServiceMetrics('cleaner', { processMetrics: false });
    for (const seconds of [0.004, 0.02, 0.02, 0.3])
      metrics.batchSeconds.observe({ topic: 'flows.raw' }, seconds);
    const values = await sample(metrics, 'netattack_batch_processing_seconds');
    const bucket = (le: number) => values.find((v) => v.labels.le === le)?.value;
    assert.equal(bucket(0.005), 1);
    assert.equal(bucket(0.025), 3);
    assert.equal(bucket(0.25), 3);
    assert.equal(bucket(0.5), 4);
    assert.equal(values.find((v) => v.labels.le === undefined && v.value === 4)?.value, 4);
  });

  it('adds process metrics by default, and keeps two services in one process apart', async () => {
    const a = createServiceMetrics('cleaner');
    const b = createServiceMetrics('scorer');
    a.recordsIn.inc({ topic: 'flows.raw' });
    const text = await a.registry.metrics();
    assert.match(text, /^netattack_process_resident_memory_bytes\{service="cleaner"\} \d+/m);
    assert.match(text, /^netattack_nodejs_eventloop_lag_seconds\{service="cleaner"\}/m);
    assert.doesNotMatch(await b.registry.metrics(), /netattack_records_in_total\{[^}]*\} 1/);
  });
});
