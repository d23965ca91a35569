import { setTimeout as delay } from 'node:timers/promises';
import type { DeliveryReport, LibrdKafkaError, Producer } from '@confluentinc/kafka-javascript';
import type { PipelineError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { BusProducer, OutgoingMessage } from '../bus.ts';
import { headersToList } from '../header-values.ts';
import { type NativeTransactionalProducer, transactionalProducerConfig } from '../librdkafka-transactions.ts';
import { type ConfluentConnection, producerConfig, producerTopicConfig } from './confluent-config.ts';
import { callbackPromise, confluentError, errorCode } from './confluent-errors.ts';
import { forwardLibrdKafkaLogs } from './confluent-log.ts';
import { confluentErrorCodes, loadConfluent } from './load-confluent.ts';

const CONNECT_TIMEOUT_MS = 10_000;
const FLUSH_TIMEOUT_MS = 30_000;
const QUEUE_FULL_PAUSE_MS = 2;

/**
 * One `send` call: settles when every message it produced has its delivery report. It is the
 * opaque of each of its messages, so a send costs one object, not a promise per message.
 */
class PendingSend {
  readonly done: Promise<void>;
  private expected: number;
  private reports = 0;
  private firstError: unknown;
  private settled = false;
  private resolve!: () => void;
  private reject!: (error: PipelineError) => void;

  constructor(count: number) {
    this.expected = count;
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  delivered(error: LibrdKafkaError | null): void {
    if (error && this.firstError === undefined) this.firstError = error;
    this.reports += 1;
    this.check();
  }

  /** Producing stopped after `produced` messages: only those will get a report. */
  truncate(produced: number, error: unknown): void {
    if (this.firstError === undefined) this.firstError = error;
    this.expected = produced;
    this.check();
  }

  private check(): void {
    if (this.settled || this.reports < this.expected) return;
    this.settled = true;
    if (this.firstError === undefined) this.resolve();
    else this.reject(confluentError('confluent producer could not deliver', this.firstError));
  }
}

/**
 * Producer on @confluentinc/kafka-javascript's callback API (librdkafka underneath) with
 * enable.idempotence=true and acks=all: librdkafka keeps order per partition across its own
 * retries. `send` resolves from the delivery reports, one per message, so it means "acknowledged",
 * not "queued". The library's KafkaJS-style `send` would make a promise per message; this makes
 * one per call. Reports are polled on librdkafka's background thread (setPollInBackground), which
 * wakes the event loop only when there is something to deliver, instead of a JS timer every few ms.
 * With a transactional id (exactly-once, made by its consumer) what it sends goes into the
 * transaction its consumer opened.
 */
export class ConfluentProducer implements BusProducer {
  private readonly producer: Producer;
  private readonly logger: Logger;
  private connected = false;
  private connecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(connection: ConfluentConnection, transactionalId?: string) {
    const { Producer } = loadConfluent();
    this.logger = connection.logger.child({ component: 'confluent-producer' });
    this.producer = new Producer(
      {
        ...producerConfig(connection),
        ...(transactionalId === undefined ? {} : transactionalProducerConfig(transactionalId)),
      },
      producerTopicConfig(),
    );
    this.producer.on('delivery-report', (error, report: DeliveryReport) => {
      (report.opaque as PendingSend).delivered(error);
    });
    this.producer.on('event.error', (error) => this.logger.warn({ err: error }, 'librdkafka error'));
    forwardLibrdKafkaLogs(this.producer, this.logger);
  }

  /** Once: a transactional producer is connected by its consumer and by whoever sends through it. */
  connect(): Promise<void> {
    this.connecting ??= (async () => {
      await callbackPromise('confluent producer could not connect', (done) =>
        this.producer.connect({ timeout: CONNECT_TIMEOUT_MS }, done),
      );
      this.producer.setPollInBackground(true);
      this.connected = true;
    })();
    this.connecting.catch(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** The native producer, for its transactional calls. */
  get transactional(): NativeTransactionalProducer {
    return this.producer as unknown as NativeTransactionalProducer;
  }

  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.connected) throw confluentError('confluent producer', new Error('send called before connect'));
    const pending = new PendingSend(messages.length);
    const queueFull = confluentErrorCodes().ERR__QUEUE_FULL;
    let produced = 0;
    try {
      while (produced < messages.length) {
        const message = messages[produced]!;
        try {
          this.producer.produce(
            message.topic,
            null,
            message.value,
            message.key,
            null,
            pending,
            headersToList(message.headers),
          );
          produced += 1;
        } catch (error) {
          if (errorCode(error) !== queueFull) throw error;
          // The local queue is full: the background poller drains it as reports arrive.
          await delay(QUEUE_FULL_PAUSE_MS);
        }
      }
    } catch (error) {
      this.logger.warn({ err: error, produced, total: messages.length }, 'produce failed part-way');
      pending.truncate(produced, error);
    }
    await pending.done;
  }

  disconnect(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.connected) return;
      this.connected = false;
      try {
        await callbackPromise('confluent producer flush', (done) =>
          this.producer.flush(FLUSH_TIMEOUT_MS, done),
        );
      } catch (error) {
        this.logger.warn({ err: error }, 'flush before disconnect failed');
      }
      this.producer.setPollInBackground(false);
      await callbackPromise('confluent producer disconnect', (done) => this.producer.disconnect(done));
    })();
    return this.closing;
  }
}
