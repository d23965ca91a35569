import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * One structured JSON logger per process. Services log per batch, never per record: a per-record log
 * line costs more than scoring the record.
 */
export function createLogger(
  name: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  options: { stream?: 'stdout' | 'stderr' } = {},
): Logger {
  return pino(
    {
      name,
      level,
      base: { service: name, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Commands print their results on stdout; their logs go to stderr so `--json` output stays clean.
    pino.destination({ dest: options.stream === 'stderr' ? 2 : 1, sync: true }),
  );
}
