/**
 * Every error the pipeline raises on purpose carries a stable code and says whether a retry can help,
 * so a service can decide between "back off and try again" and "dead-letter the record and move on".
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'FILE_NOT_FOUND'
  | 'MISSING_COLUMN'
  | 'HEADER_REPEAT'
  | 'LINE_TOO_LONG'
  | 'BAD_QUOTING'
  | 'BAD_FIELD_COUNT'
  | 'BAD_NUMBER'
  | 'BAD_ADDRESS'
  | 'BAD_TIMESTAMP'
  | 'BAD_TEXT'
  | 'MISSING_VALUE'
  | 'CAPTURE_FORMAT'
  | 'AVRO_DECODE'
  | 'AVRO_ENCODE'
  | 'UNKNOWN_SCHEMA_ID'
  | 'SCHEMA_INCOMPATIBLE'
  | 'SCHEMA_INVALID'
  | 'FEATURE_SET_MISMATCH'
  | 'MODEL_INVALID'
  | 'KAFKA_UNAVAILABLE'
  | 'KAFKA_REJECTED'
  | 'KAFKA_FENCED'
  | 'KAFKA_AUTH_FAILED'
  | 'KAFKA_NOT_AUTHORIZED'
  | 'REGISTRY_AUTH_FAILED'
  | 'TOPOLOGY_MISSING'
  | 'REGISTRY_UNAVAILABLE'
  | 'STAGE_FAILED'
  | 'EVAL_INPUT_INVALID'
  | 'TOOL_MISSING'
  | 'STACK_FAILED'
  | 'INTERNAL';

export interface PipelineErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class PipelineError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: PipelineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PipelineError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? {};
  }
}

export function isPipelineError(error: unknown): error is PipelineError {
  return error instanceof PipelineError;
}

/** Wraps anything thrown into a PipelineError without losing the original as `cause`. */
export function toPipelineError(error: unknown, fallback: ErrorCode = 'INTERNAL'): PipelineError {
  if (error instanceof PipelineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new PipelineError(fallback, message, { cause: error });
}

/**
 * Failures only the operator can fix (a setting, a password, a grant, topics not provisioned): a
 * service stops with EX_CONFIG (78), so a supervisor does not restart it in a loop.
 */
const OPERATOR_CODES: ReadonlySet<ErrorCode> = new Set([
  'CONFIG_INVALID',
  'KAFKA_AUTH_FAILED',
  'KAFKA_NOT_AUTHORIZED',
  'REGISTRY_AUTH_FAILED',
  'TOPOLOGY_MISSING',
]);

export function needsOperator(error: unknown): boolean {
  return isPipelineError(error) && OPERATOR_CODES.has(error.code);
}
