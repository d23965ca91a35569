import { librdKafkaErrors } from '../librdkafka-errors.ts';
import { confluentErrorCodes } from './load-confluent.ts';

export { errorCode } from '../librdkafka-errors.ts';

export const confluentErrors = librdKafkaErrors(confluentErrorCodes);

/** @confluentinc/kafka-javascript's errors as PipelineErrors (the policy is librdkafka-errors.ts, shared with node-rdkafka). */
export const confluentError = confluentErrors.toError;
export const callbackPromise = confluentErrors.callbackPromise;
export const attempt = confluentErrors.attempt;
