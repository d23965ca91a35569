import { PipelineError } from '../../errors.ts';
import { securityAdvice } from '../security.ts';

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  retriable?: boolean;
  type?: string;
  cause?: unknown;
}

const UNAVAILABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
]);

/** kafkajs wraps the real failure (e.g. a refused connection) in "number of retries exceeded". */
function causeChain(error: unknown): KafkaJsLikeError[] {
  const chain: KafkaJsLikeError[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 8) {
    chain.push(current as KafkaJsLikeError);
    current = (current as KafkaJsLikeError).cause;
  }
  return chain;
}

/**
 * KAFKA_UNAVAILABLE (retriable) when the broker could not be reached or did not answer in time;
 * KAFKA_REJECTED when the broker answered no (unknown topic, record too large, not authorised).
 */
export function kafkaJsError(context: string, error: unknown): PipelineError {
  if (error instanceof PipelineError) return error;
  const chain = causeChain(error);
  const root = chain[chain.length - 1];
  const security = securityFailure(chain);
  if (security) {
    return new PipelineError(
      security,
      `${context}: ${securityAdvice(security, root?.message ?? String(error))}`,
      {
        cause: error,
      },
    );
  }
  const unavailable = chain.some(
    (link) => UNAVAILABLE_NAMES.has(link.name ?? '') || (link !== chain[0] && link.retriable === true),
  );
  const retriable = unavailable || chain[0]?.retriable === true;
  const detail = root?.message ?? String(error);
  const kind = root?.type ? ` (${root.type})` : '';
  return new PipelineError(
    retriable ? 'KAFKA_UNAVAILABLE' : 'KAFKA_REJECTED',
    `${context}: ${detail}${kind}`,
    {
      retriable,
      cause: error,
    },
  );
}

const AUTHORIZATION_TYPES = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);
/** Node's TLS errors when the broker's certificate is not trusted or does not match. */
const TLS_FAILURE = /certificate|self[- ]signed|unable to verify|SSL routines|wrong version number|ERR_TLS/i;

function securityFailure(
  chain: KafkaJsLikeError[],
): 'KAFKA_AUTH_FAILED' | 'KAFKA_NOT_AUTHORIZED' | undefined {
  for (const link of chain) {
    if (link.name === 'KafkaJSSASLAuthenticationError' || link.type === 'SASL_AUTHENTICATION_FAILED') {
      return 'KAFKA_AUTH_FAILED';
    }
    if (link.type && AUTHORIZATION_TYPES.has(link.type)) return 'KAFKA_NOT_AUTHORIZED';
    if (TLS_FAILURE.test(link.message ?? '')) return 'KAFKA_AUTH_FAILED';
  }
  return undefined;
}
