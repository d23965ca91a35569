import { setTimeout as delay } from 'node:timers/promises';
import type { DeliveryReport, LibrdKafkaError, Producer } from 'node-rdkafka';
import type { PipelineError } from '../../errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { BusProducer, OutgoingMessage } from '../bus.ts';
import { headersToList } from '../header-values.ts';
import { type NativeTransactionalProducer, transactionalProducerConfig } from '../librdkafka-transactions.ts';
import { loadRdKafka, rdKafkaErrorCodes } from './load-rdkafka.ts';
import { producerConfig, producerTopicConfig, type RdKafkaConnection } from './rdkafka-config.ts';
import { callbackPromise, errorCode, rdKafkaError } from './rdkafka-errors.ts';

const CONNECT_TIMEOUT_MS = 10_000;
const FLUSH_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 5;
const QUEUE_FULL_PAUSE_MS = 2;

/** One `send` call: settles when every message it produced has its delivery report. */
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
    else this.reject(rdKafkaError('rdkafka producer could not deliver', this.firstError));
  }
}

/**
 * Producer on librdkafka with enable.idempotence=true and acks=all: librdkafka keeps order per
 * partition across its own retries. `send` resolves from the delivery reports (dr_cb), one per
 * message, so it means "acknowledged", not "queued". With a transactional id (exactly-once, made by
 * its consumer) what it sends goes into the transaction its consumer opened.
 */
export class RdKafkaProducer implements BusProducer {
  private readonly producer: Producer;
  private readonly logger: Logger;
  private connected = false;
  private connecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(connection: RdKafkaConnection, transactionalId?: string) {
    const { Producer } = loadRdKafka();
    this.logger = connection.logger.child({ component: 'rdkafka-producer' });
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
  }

  /** Once: a transactional producer is connected by its consumer and by whoever sends through it. */
  connect(): Promise<void> {
    this.connecting ??= (async () => {
      await callbackPromise('rdkafka producer could not connect', (done) =>
        this.producer.connect({ timeout: CONNECT_TIMEOUT_MS }, done),
      );
      this.producer.setPollInterval(POLL_INTERVAL_MS);
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
    if (!this.connected) throw rdKafkaError('rdkafka producer', new Error('send called before connect'));
    const pending = new PendingSend(messages.length);
    const queueFull = rdKafkaErrorCodes().ERR__QUEUE_FULL;
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
          // The local queue is full: let delivery reports drain it, then go on with this message.
          this.producer.poll();
          await delay(QUEUE_FULL_PAUSE_MS);
        }
      }
    } catch (error) {
      this.logger.warn({ err: error, produced, total: messages.length }, 'produce failed part-way');
      pending.truncate(produced, error);
    }
    this.producer.poll();
    await pending.done;
  }

  disconnect(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.connected) return;
      this.connected = false;
      try {
        await callbackPromise('rdkafka producer flush', (done) =>
          this.producer.flush(FLUSH_TIMEOUT_MS, done),
        );
      } catch (error) {
        this.logger.warn({ err: error }, 'flush before disconnect failed');
      }
      this.producer.setPollInterval(0);
      await callbackPromise('rdkafka producer disconnect', (done) => this.producer.disconnect(done));
    })();
    return this.closing;
  }
}
