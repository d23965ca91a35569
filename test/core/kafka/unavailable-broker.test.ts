import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { PipelineError } from '../../../packages/core/src/errors.ts';
import { KAFKA_CLIENTS } from '../../../packages/core/src/kafka/bus.ts';
import { createBus } from '../../../packages/core/src/kafka/create-bus.ts';
import { createLogger } from '../../../packages/core/src/log/logger.ts';

/** A port that was free a moment ago: nothing listens there, so every connection is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const client of KAFKA_CLIENTS) {
  describe(`no broker with ${client}`, () => {
    it('fails to connect with KAFKA_UNAVAILABLE, marked retriable, naming the client', async () => {
      const port = await closedPort();
      const bus = createBus({
        client,
        brokers: [`127.0.0.1:${port}`],
        clientId: 'unavailable-test',
        logger: createLogger('unavailable-test', 'silent'),
      });
      const producer = bus.producer();
      await assert.rejects(producer.connect(), (error: unknown) => {
        assert.ok(error instanceof PipelineError);
        assert.equal(error.code, 'KAFKA_UNAVAILABLE');
        assert.equal(error.retriable, true);
        assert.match(
          error.message,
          new RegExp(`^${client} producer could not connect: .*(ECONNREFUSED|transport)`, 'i'),
        );
        return true;
      });
      await producer.disconnect();
    });
  });
}
