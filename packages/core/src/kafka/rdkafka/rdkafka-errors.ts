import { librdKafkaErrors } from '../librdkafka-errors.ts';
import { rdKafkaErrorCodes } from './load-rdkafka.ts';

export { errorCode } from '../librdkafka-errors.ts';

export const rdKafkaErrors = librdKafkaErrors(rdKafkaErrorCodes);

/** node-rdkafka's errors as PipelineErrors (the policy is librdkafka-errors.ts, shared with confluent). */
export const rdKafkaError = rdKafkaErrors.toError;
export const callbackPromise = rdKafkaErrors.callbackPromise;
