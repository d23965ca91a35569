import { PipelineError } from '../errors.ts';
import { securityAdvice } from './security.ts';

/** librdkafka's error codes by name, as both native clients export them (`CODES.ERRORS`). */
type ErrorCodes = Record<string, number>;

interface LibrdKafkaErrorLike {
  message?: string;
  code?: number;
  isRetriable?: boolean;
  isFatal?: boolean;
}

/** Codes that mean "the cluster could not be reached or is moving leaders": worth a retry. */
const UNAVAILABLE_CODE_NAMES = [
  'ERR__TRANSPORT',
  'ERR__ALL_BROKERS_DOWN',
  'ERR__RESOLVE',
  'ERR__TIMED_OUT',
  'ERR__MSG_TIMED_OUT',
  'ERR__TIMED_OUT_QUEUE',
  'ERR__WAIT_COORD',
  'ERR_REQUEST_TIMED_OUT',
  'ERR_LEADER_NOT_AVAILABLE',
  'ERR_NOT_LEADER_FOR_PARTITION',
  'ERR_NOT_ENOUGH_REPLICAS',
  'ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'ERR_COORDINATOR_NOT_AVAILABLE',
  'ERR_NOT_COORDINATOR',
  'ERR_NETWORK_EXCEPTION',
] as const;

/**
 * node-rdkafka hands delivery-report and event errors over as plain Errors whose code it sets to -1
 * and whose message it lower-cases ("message timed out", "all broker connections are down"): for
 * those the message is all there is to go by.
 */
const UNAVAILABLE_MESSAGE =
  /message timed out|timed out|all broker connections are down|broker transport failure|transport failure|not leader|leader not available|not enough replicas|coordinator (is )?(not available|loading)|network exception|connection refused/i;

/** The login failed (bad password, unknown user, TLS the client does not trust): retrying cannot help. */
const AUTH_FAILED_CODE_NAMES = ['ERR__AUTHENTICATION', 'ERR_SASL_AUTHENTICATION_FAILED', 'ERR__SSL'] as const;
/** The login worked but an ACL is missing. */
const NOT_AUTHORIZED_CODE_NAMES = [
  'ERR_TOPIC_AUTHORIZATION_FAILED',
  'ERR_GROUP_AUTHORIZATION_FAILED',
  'ERR_CLUSTER_AUTHORIZATION_FAILED',
  'ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
] as const;
const AUTH_FAILED_MESSAGE =
  /authentication failed|sasl authentication|ssl handshake failed|certificate verify failed/i;
const NOT_AUTHORIZED_MESSAGE = /authorization failed|not authorized/i;

export function errorCode(error: unknown): number | undefined {
  return error && typeof error === 'object' ? (error as LibrdKafkaErrorLike).code : undefined;
}

export interface LibrdKafkaErrorMapping {
  /** Same split as the kafkajs side: KAFKA_UNAVAILABLE (retriable) or KAFKA_REJECTED; fatal never retriable. */
  toError(context: string, error: unknown): PipelineError;
  /** The callback API's node style, as a promise whose rejection is already a PipelineError. */
  callbackPromise<T>(context: string, start: (done: (error: unknown, value?: T) => void) => void): Promise<T>;
  /** For the calls that throw synchronously (subscribe, commit): the thrown error, mapped. */
  attempt<T>(context: string, call: () => T): T;
}

/**
 * The error mapping of a client on librdkafka (node-rdkafka, @confluentinc/kafka-javascript): one
 * policy, read from the codes of whichever addon is loaded (loaded lazily, on the first error).
 */
export function librdKafkaErrors(codes: () => ErrorCodes): LibrdKafkaErrorMapping {
  let unavailable: Set<number> | undefined;
  let authFailed: Set<number> | undefined;
  let notAuthorized: Set<number> | undefined;
  const securityCode = (
    like: LibrdKafkaErrorLike,
  ): 'KAFKA_AUTH_FAILED' | 'KAFKA_NOT_AUTHORIZED' | undefined => {
    if (!authFailed || !notAuthorized) {
      const E = codes();
      authFailed = new Set(AUTH_FAILED_CODE_NAMES.map((name) => E[name]!));
      notAuthorized = new Set(NOT_AUTHORIZED_CODE_NAMES.map((name) => E[name]!));
    }
    if (like.code !== undefined && authFailed.has(like.code)) return 'KAFKA_AUTH_FAILED';
    if (like.code !== undefined && notAuthorized.has(like.code)) return 'KAFKA_NOT_AUTHORIZED';
    if (AUTH_FAILED_MESSAGE.test(like.message ?? '')) return 'KAFKA_AUTH_FAILED';
    if (NOT_AUTHORIZED_MESSAGE.test(like.message ?? '')) return 'KAFKA_NOT_AUTHORIZED';
    return undefined;
  };
  const isUnavailable = (code: number | undefined): boolean => {
    if (code === undefined) return false;
    if (!unavailable) {
      const E = codes();
      unavailable = new Set(UNAVAILABLE_CODE_NAMES.map((name) => E[name]!));
    }
    return unavailable.has(code);
  };
  const toError = (context: string, error: unknown): PipelineError => {
    if (error instanceof PipelineError) return error;
    const like = (
      error && typeof error === 'object' ? error : { message: String(error) }
    ) as LibrdKafkaErrorLike;
    const security = securityCode(like);
    if (security) {
      const code = like.code === undefined ? '' : ` (librdkafka code ${like.code})`;
      return new PipelineError(
        security,
        `${context}: ${securityAdvice(security, like.message ?? '')}${code}`,
        {
          cause: error,
        },
      );
    }
    const unknownCode = like.code === undefined || like.code === -1;
    const retriable =
      !like.isFatal &&
      (isUnavailable(like.code) ||
        like.isRetriable === true ||
        (unknownCode && UNAVAILABLE_MESSAGE.test(like.message ?? '')));
    const code = like.code === undefined ? '' : ` (librdkafka code ${like.code})`;
    return new PipelineError(
      retriable ? 'KAFKA_UNAVAILABLE' : 'KAFKA_REJECTED',
      `${context}: ${like.message}${code}`,
      {
        retriable,
        cause: error,
      },
    );
  };
  return {
    toError,
    callbackPromise: <T>(context: string, start: (done: (error: unknown, value?: T) => void) => void) =>
      new Promise<T>((resolve, reject) => {
        start((error, value) => {
          if (error) reject(toError(context, error));
          else resolve(value as T);
        });
      }),
    attempt: <T>(context: string, call: () => T): T => {
      try {
        return call();
      } catch (error) {
        throw toError(context, error);
      }
    },
  };
}
