import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import avro, { type Schema } from 'avsc';
import { AvroSerde } from '../../../packages/core/src/avro/avro-serde.ts';
import { loadSchemaFile } from '../../../packages/core/src/avro/schema-files.ts';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import type { FlowRecord } from '../../../packages/core/src/flow/flow-record.ts';
import { SHARED_DATA_MISSING } from '../../fixtures/paths.ts';
import { realFlows } from '../kafka/real-flows.ts';
import { MemoryRegistry } from './memory-registry.ts';
import { plainValue } from './plain-value.ts';

const TOPIC = 'flows.raw';

/** The raw schema with one more field, with a default: a BACKWARD-compatible evolution. */
function withExtraField(schema: Schema): Schema {
  const record = schema as { fields: object[] };
  return {
    ...record,
    fields: [...record.fields, { name: 'ingestedBy', type: 'string', default: 'unknown' }],
  } as Schema;
}

function rejectsWith(code: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof PipelineError, `expected a PipelineError, got ${error}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('AvroSerde', { skip: SHARED_DATA_MISSING }, () => {
  let rawSchema: Schema;
  let flows: FlowRecord[];

  before(async () => {
    rawSchema = await loadSchemaFile('raw-flow.avsc');
    flows = realFlows(2000);
  });

  it('frames each record as magic byte 0, the 4-byte big-endian schema id, then the Avro body', async () => {
    const registry = new MemoryRegistry();
    registry.preload({ type: 'string' });
    registry.preload({ type: 'long' });
    const serde = new AvroSerde(registry);
    const id = await serde.register(TOPIC, rawSchema);
    assert.equal(id, 3);
    assert.deepEqual(registry.subjects.get('flows.raw-value'), [3]);
    const body = avro.Type.forSchema(rawSchema).toBuffer(flows[0]);
    const framed = serde.encode(TOPIC, flows[0]);
    assert.deepEqual([...framed.subarray(0, 5)], [0, 0, 0, 0, 3]);
    assert.ok(framed.subarray(5).equals(body));
  });

  it('writes ids above 255 across all four id bytes', async () => {
    const registry = new MemoryRegistry();
    for (let i = 0; i < 0x1_02_03 - 1; i++) registry.preload({ type: 'int' });
    const serde = new AvroSerde(registry);
    assert.equal(await serde.register(TOPIC, rawSchema), 0x1_02_03);
    assert.deepEqual([...serde.encode(TOPIC, flows[1]).subarray(0, 5)], [0, 0, 1, 2, 3]);
  });

  it('encodes a batch to the same bytes as one by one, each buffer holding only its record', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.register(TOPIC, rawSchema);
    const many = serde.encodeMany(TOPIC, flows);
    assert.equal(many.length, flows.length);
    flows.forEach((flow, i) => {
      assert.ok(many[i]!.equals(serde.encode(TOPIC, flow)), `record ${i} differs`);
    });
    // Larger than the initial scratch buffer: the batch crossed several growths.
    assert.ok(many.reduce((sum, b) => sum + b.length, 0) > 64 * 1024);
  });

  it('decodes every real record back to an equal value', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.register(TOPIC, rawSchema);
    const outcomes = await serde.decodeMany<FlowRecord>(TOPIC, serde.encodeMany(TOPIC, flows));
    const decoded = outcomes.map((o) => (o.ok ? o.value : assert.fail(o.error.message)));
    assert.deepEqual(plainValue(decoded), flows);
    assert.deepEqual(plainValue(await serde.decode(TOPIC, serde.encode(TOPIC, flows[7]))), flows[7]);
  });

  it('fetches a foreign writer schema once, however many records and concurrent calls use it', async () => {
    const registry = new MemoryRegistry();
    const producer = new AvroSerde(registry);
    await producer.register(TOPIC, rawSchema);
    const payloads = producer.encodeMany(TOPIC, flows.slice(0, 300));

    const consumer = new AvroSerde(registry);
    const values = await Promise.all(payloads.slice(0, 50).map((p) => consumer.decode(TOPIC, p)));
    assert.deepEqual(plainValue(values), flows.slice(0, 50));
    await consumer.decodeMany(TOPIC, payloads);
    assert.equal(registry.lookups.get(1), 1);
    assert.equal(consumer.cacheStats().writerFetches, 1);
  });

  it('resolves old records to a newer reader schema with one resolver per writer id', async () => {
    const registry = new MemoryRegistry();
    const oldProducer = new AvroSerde(registry);
    await oldProducer.register(TOPIC, rawSchema);
    const payloads = oldProducer.encodeMany(TOPIC, flows.slice(0, 500));

    const consumer = new AvroSerde(registry);
    consumer.useReader(TOPIC, withExtraField(rawSchema));
    const outcomes = await consumer.decodeMany<FlowRecord & { ingestedBy: string }>(TOPIC, payloads);
    outcomes.forEach((outcome, i) => {
      assert.ok(outcome.ok);
      assert.equal(outcome.value.ingestedBy, 'unknown');
      const { ingestedBy: _, ...rest } = outcome.value;
      assert.deepEqual(plainValue(rest), flows[i]);
    });
    await consumer.decode(TOPIC, payloads[0]!);
    assert.deepEqual(consumer.cacheStats(), { writerFetches: 1, resolversBuilt: 1 });
  });

  it('drops a field a newer writer added when the reader is older', async () => {
    const registry = new MemoryRegistry();
    const newProducer = new AvroSerde(registry);
    await newProducer.register(TOPIC, withExtraField(rawSchema));
    const payload = newProducer.encode(TOPIC, { ...flows[3], ingestedBy: 'replay' });
    const consumer = new AvroSerde(registry);
    consumer.useReader(TOPIC, rawSchema);
    assert.deepEqual(plainValue(await consumer.decode(TOPIC, payload)), flows[3]);
  });

  it('reads with the writer schema itself when no reader is set for the topic', async () => {
    const registry = new MemoryRegistry();
    const producer = new AvroSerde(registry);
    await producer.register(TOPIC, rawSchema);
    const consumer = new AvroSerde(registry);
    assert.deepEqual(
      plainValue(await consumer.decode('another.topic', producer.encode(TOPIC, flows[4]))),
      flows[4],
    );
    assert.equal(consumer.cacheStats().resolversBuilt, 0);
  });

  it('says UNKNOWN_SCHEMA_ID for an id the registry does not have, and asks about it once', async () => {
    const registry = new MemoryRegistry();
    const serde = new AvroSerde(registry);
    await serde.register(TOPIC, rawSchema);
    const forged = serde.encode(TOPIC, flows[0]);
    forged.writeInt32BE(4242, 1);
    await assert.rejects(
      serde.decode(TOPIC, forged),
      rejectsWith('UNKNOWN_SCHEMA_ID', /schema id 4242 is not known/),
    );
    const outcomes = await serde.decodeMany(TOPIC, [forged, forged, forged]);
    for (const outcome of outcomes) {
      assert.ok(!outcome.ok);
      assert.equal(outcome.error.code, 'UNKNOWN_SCHEMA_ID');
      assert.equal(outcome.error.retriable, false);
    }
    assert.equal(registry.lookups.get(4242), 1);
  });

  it('asks again about an unknown id once its memory expires', async () => {
    const registry = new MemoryRegistry();
    const serde = new AvroSerde(registry, { unknownIdTtlMs: 0 });
    await serde.register(TOPIC, rawSchema);
    const forged = serde.encode(TOPIC, flows[0]);
    forged.writeInt32BE(77, 1);
    await assert.rejects(serde.decode(TOPIC, forged), rejectsWith('UNKNOWN_SCHEMA_ID', /77/));
    await assert.rejects(serde.decode(TOPIC, forged), rejectsWith('UNKNOWN_SCHEMA_ID', /77/));
    assert.equal(registry.lookups.get(77), 2);
  });

  it('waits, retriably, for an id the registry does not know yet, then fails its records past the wait', async () => {
    const registry = new MemoryRegistry();
    let now = 1_000_000;
    const serde = new AvroSerde(registry, { unknownIdWaitMs: 30_000, now: () => now });
    await serde.register(TOPIC, rawSchema);
    const good = serde.encode(TOPIC, flows[0]);
    const forged = serde.encode(TOPIC, flows[1]);
    forged.writeInt32BE(4242, 1);
    await assert.rejects(serde.decodeMany(TOPIC, [good, forged]), (error: unknown) => {
      assert.ok(error instanceof PipelineError);
      assert.equal(error.code, 'UNKNOWN_SCHEMA_ID');
      assert.equal(error.retriable, true, 'the batch is retried, not dead-lettered');
      assert.match(
        error.message,
        /schema id 4242 not known to the registry \(yet\): waiting 0 s of at most 30 s/,
      );
      return true;
    });
    now += 29_000;
    await assert.rejects(serde.decodeMany(TOPIC, [forged]), /waiting 29 s of at most 30 s/);
    now += 1_000;
    const [first, second] = await serde.decodeMany(TOPIC, [good, forged]);
    assert.ok(first!.ok);
    assert.ok(!second!.ok);
    assert.equal(second!.error.code, 'UNKNOWN_SCHEMA_ID');
    assert.equal(second!.error.retriable, false);
  });

  it('decodes the records of an id the registry learns while they wait', async () => {
    const registry = new MemoryRegistry();
    let now = 0;
    const serde = new AvroSerde(registry, { unknownIdWaitMs: 30_000, now: () => now });
    const nextId = registry.preload({ type: 'string' }) + 1;
    const writer = new AvroSerde(new MemoryRegistry());
    await writer.register(TOPIC, { type: 'string' });
    const early = writer.encode(TOPIC, 'hello');
    early.writeInt32BE(nextId, 1);
    await assert.rejects(serde.decodeMany(TOPIC, [early]), rejectsWith('UNKNOWN_SCHEMA_ID', /waiting/));
    registry.preload({ type: 'string' });
    now += 2_000;
    const [outcome] = await serde.decodeMany(TOPIC, [early]);
    assert.ok(outcome!.ok);
    assert.equal(outcome!.value, 'hello');
  });

  it('refuses, as AVRO_DECODE, a record written with a registered schema of something else', async () => {
    const registry = new MemoryRegistry();
    const otherId = registry.preload({
      type: 'record',
      name: 'Invoice',
      fields: [{ name: 'amount', type: 'double' }],
    });
    const serde = new AvroSerde(registry);
    await serde.register(TOPIC, rawSchema);
    const body = avro.Type.forSchema({
      type: 'record',
      name: 'Invoice',
      fields: [{ name: 'amount', type: 'double' }],
    }).toBuffer({ amount: 12.5 });
    const payload = Buffer.concat([Buffer.from([0, 0, 0, 0, otherId]), body]);
    const [outcome] = await serde.decodeMany(TOPIC, [payload]);
    assert.ok(!outcome!.ok);
    assert.ok(outcome!.error instanceof PipelineError);
    assert.equal(outcome!.error.code, 'AVRO_DECODE');
    assert.match(
      outcome!.error.message,
      /schema id 1\).*written with a schema \(Invoice\) that cannot be read as/,
    );
  });

  it('says AVRO_DECODE for payloads that are not wire format or do not decode', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.register(TOPIC, rawSchema);
    const good = serde.encode(TOPIC, flows[0]);
    const cases: [string, Buffer | null, RegExp][] = [
      ['null value', null, /no value/],
      ['empty value', Buffer.alloc(0), /no value/],
      ['JSON text', Buffer.from(JSON.stringify(flows[0])), /magic byte 0 \(first byte 123/],
      ['header cut short', good.subarray(0, 3), /shorter than the 5-byte/],
      ['body cut short', good.subarray(0, good.length - 10), /ends before the record/],
      ['bytes after the record', Buffer.concat([good, Buffer.from([1, 2, 3])]), /3 bytes left after/],
      ['garbage body', Buffer.concat([good.subarray(0, 5), Buffer.alloc(40, 0xff)]), /does not decode/],
    ];
    const outcomes = await serde.decodeMany(
      TOPIC,
      cases.map(([, payload]) => payload),
    );
    outcomes.forEach((outcome, i) => {
      const [name, , pattern] = cases[i]!;
      assert.ok(!outcome.ok, `${name} decoded`);
      assert.equal(outcome.error.code, 'AVRO_DECODE', name);
      assert.equal(outcome.error.retriable, false, name);
      assert.match(outcome.error.message, pattern, name);
    });
    await assert.rejects(serde.decode(TOPIC, cases[2]![1]), rejectsWith('AVRO_DECODE', /magic byte/));
  });

  it('keeps the good records of a batch that also holds bad ones, in order', async () => {
    const registry = new MemoryRegistry();
    const serde = new AvroSerde(registry);
    await serde.register(TOPIC, rawSchema);
    const forged = serde.encode(TOPIC, flows[2]);
    forged.writeInt32BE(999, 1);
    const batch = [
      serde.encode(TOPIC, flows[0]),
      Buffer.from('not avro'),
      serde.encode(TOPIC, flows[1]),
      forged,
    ];
    const outcomes = await serde.decodeMany(TOPIC, batch);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? (o.value as FlowRecord).recordId : o.error.code)),
      [flows[0]!.recordId, 'AVRO_DECODE', flows[1]!.recordId, 'UNKNOWN_SCHEMA_ID'],
    );
  });

  it('fails the whole batch, retriably, when the registry cannot be reached', async () => {
    const registry = new MemoryRegistry();
    const producer = new AvroSerde(registry);
    await producer.register(TOPIC, rawSchema);
    const payload = producer.encode(TOPIC, flows[0]);
    registry.unreachable = true;
    const consumer = new AvroSerde(registry);
    await assert.rejects(consumer.decodeMany(TOPIC, [payload]), (error: unknown) => {
      assert.ok(error instanceof PipelineError);
      assert.equal(error.code, 'REGISTRY_UNAVAILABLE');
      assert.equal(error.retriable, true);
      return true;
    });
    registry.unreachable = false;
    assert.deepEqual(plainValue(await consumer.decode(TOPIC, payload)), flows[0]);
  });

  it('names the fields that do not fit when a value cannot be encoded', async () => {
    const serde = new AvroSerde(new MemoryRegistry());
    await serde.register(TOPIC, rawSchema);
    const bad = { ...flows[0]!, totFwdPkts: 1.5, srcPort: 'http' };
    assert.throws(
      () => serde.encode(TOPIC, bad),
      rejectsWith(
        'AVRO_ENCODE',
        /flows\.raw.*srcPort = "http".*totFwdPkts = 1\.5|flows\.raw.*totFwdPkts = 1\.5/,
      ),
    );
    assert.throws(
      () => serde.encodeMany(TOPIC, [flows[0], bad]),
      rejectsWith('AVRO_ENCODE', /totFwdPkts = 1\.5/),
    );
    assert.throws(
      () => serde.encode('nowhere', flows[0]),
      rejectsWith('AVRO_ENCODE', /no schema registered for topic nowhere/),
    );
  });
});
