import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * One structured JSON logger per process. Services log per batch, never per record: a per-record log
 * line costs more than scoring the record.
 */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    base: { service: name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
