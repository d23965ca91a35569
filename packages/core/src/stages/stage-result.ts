/** Per input record, in input order: what a stage made of it, or why it could not. */
export type StageResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: string; message: string; retriable: boolean };
