import { PipelineError } from '../errors.ts';

interface ResponseErrorLike {
  name?: string;
  status?: number;
  message?: string;
}

/** mappersmith reports a failed connection as a status-400 response carrying the socket error. */
const NETWORK_FAILURE =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|socket hang up|timeout/i;

export function isRegistryUnreachable(error: unknown): boolean {
  const { status, message = '' } = (error ?? {}) as ResponseErrorLike;
  return (
    status === 408 ||
    (status !== undefined && status >= 500) ||
    (status === 400 && NETWORK_FAILURE.test(message))
  );
}

function detail(error: unknown): string {
  const message = (error as ResponseErrorLike)?.message ?? String(error);
  // Drop the client's name the library puts in front of every message.
  return message.replace(/^Confluent_Schema_Registry - /, '');
}

export function registryUnavailable(context: string, error: unknown): PipelineError {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  const reason = code ? `${detail(error)}: ${code}` : detail(error);
  return new PipelineError('REGISTRY_UNAVAILABLE', `${context}: schema registry unavailable (${reason})`, {
    retriable: true,
    cause: error,
  });
}

/**
 * REGISTRY_UNAVAILABLE (retriable) when the registry cannot be reached or fails; SCHEMA_INCOMPATIBLE
 * when it refuses a schema under the subject's compatibility rule; SCHEMA_INVALID when it (or the
 * client) rejects the schema itself. `notFound` names what a 404 means for the call at hand.
 */
export function registryError(
  context: string,
  error: unknown,
  notFound: () => PipelineError = () => new PipelineError('SCHEMA_INVALID', `${context}: not found`),
): PipelineError {
  if (error instanceof PipelineError) return error;
  const { status, name } = (error ?? {}) as ResponseErrorLike;
  if (isRegistryUnreachable(error)) return registryUnavailable(context, error);
  if (status === 401 || status === 403) {
    const what = status === 401 ? 'authentication failed' : 'not authorized';
    return new PipelineError(
      'REGISTRY_AUTH_FAILED',
      `${context}: schema registry ${what} (status ${status}; check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD)`,
      { cause: error },
    );
  }
  if (status === 404) return notFound();
  if (status === 409 || name === 'ConfluentSchemaRegistryCompatibilityError') {
    return new PipelineError(
      'SCHEMA_INCOMPATIBLE',
      `${context}: refused as incompatible (${detail(error)})`,
      {
        cause: error,
      },
    );
  }
  return new PipelineError('SCHEMA_INVALID', `${context}: ${detail(error)}`, { cause: error });
}
