import { librdKafkaErrors } from '../librdkafka-errors.ts';
import { rdKafkaErrorCodes } from './load-rdkafka.ts';

export { errorCode } from '../librdkafka-errors.ts';

const mapping = librdKafkaErrors(rdKafkaErrorCodes);

/** node-rdkafka's errors as PipelineErrors (the policy is librdkafka-errors.ts, shared with confluent). */
export const rdKafkaError = mapping.toError;
export const callbackPromise = mapping.callbackPromise;
