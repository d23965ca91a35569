import { PipelineError } from '../../errors.ts';
import { confluentErrorCodes } from './load-confluent.ts';

interface LibrdKafkaErrorLike {
  message?: string;
  code?: number;
  isRetriable?: boolean;
  isFatal?: boolean;
}

let unavailableCodes: Set<number> | undefined;

/** Codes that mean "the cluster could not be reached or is moving leaders": worth a retry. */
function isUnavailable(code: number | undefined): boolean {
  if (code === undefined) return false;
  if (!unavailableCodes) {
    const E = confluentErrorCodes();
    unavailableCodes = new Set([
      E.ERR__TRANSPORT,
      E.ERR__ALL_BROKERS_DOWN,
      E.ERR__RESOLVE,
      E.ERR__TIMED_OUT,
      E.ERR__MSG_TIMED_OUT,
      E.ERR__TIMED_OUT_QUEUE,
      E.ERR__WAIT_COORD,
      E.ERR_REQUEST_TIMED_OUT,
      E.ERR_LEADER_NOT_AVAILABLE,
      E.ERR_NOT_LEADER_FOR_PARTITION,
      E.ERR_NOT_ENOUGH_REPLICAS,
      E.ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
      E.ERR_COORDINATOR_NOT_AVAILABLE,
      E.ERR_NOT_COORDINATOR,
      E.ERR_NETWORK_EXCEPTION,
    ]);
  }
  return unavailableCodes.has(code);
}

export function errorCode(error: unknown): number | undefined {
  return error && typeof error === 'object' ? (error as LibrdKafkaErrorLike).code : undefined;
}

/**
 * The same split as the other two clients (both sit on librdkafka's codes here too):
 * KAFKA_UNAVAILABLE (retriable) or KAFKA_REJECTED; a fatal error is never retriable.
 */
export function confluentError(context: string, error: unknown): PipelineError {
  if (error instanceof PipelineError) return error;
  const like = (
    error && typeof error === 'object' ? error : { message: String(error) }
  ) as LibrdKafkaErrorLike;
  const retriable = !like.isFatal && (isUnavailable(like.code) || like.isRetriable === true);
  const code = like.code === undefined ? '' : ` (librdkafka code ${like.code})`;
  return new PipelineError(
    retriable ? 'KAFKA_UNAVAILABLE' : 'KAFKA_REJECTED',
    `${context}: ${like.message}${code}`,
    {
      retriable,
      cause: error,
    },
  );
}

/** The callback API's node style, as a promise whose rejection is already a PipelineError. */
export function callbackPromise<T>(
  context: string,
  start: (done: (error: unknown, value?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((error, value) => {
      if (error) reject(confluentError(context, error));
      else resolve(value as T);
    });
  });
}

/** For the calls that throw synchronously (subscribe, commit): the thrown error, mapped. */
export function attempt<T>(context: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw confluentError(context, error);
  }
}
