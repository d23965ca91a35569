import { librdKafkaErrors } from '../librdkafka-errors.ts';
import { confluentErrorCodes } from './load-confluent.ts';

export { errorCode } from '../librdkafka-errors.ts';

const mapping = librdKafkaErrors(confluentErrorCodes);

/** @confluentinc/kafka-javascript's errors as PipelineErrors (the policy is librdkafka-errors.ts, shared with node-rdkafka). */
export const confluentError = mapping.toError;
export const callbackPromise = mapping.callbackPromise;
export const attempt = mapping.attempt;
