import { type LogEntry, type logCreator, logLevel } from 'kafkajs';
import type { Logger } from '../../log/logger.ts';

/**
 * Routes kafkajs's own log lines into the service's pino logger, at warn and above only: its info
 * level logs every join and fetch loop, which would drown the per-batch lines the services write.
 */
export function kafkaJsLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...extra } = log;
      const fields = { namespace, ...extra };
      if (level === logLevel.ERROR) child.error(fields, message);
      else if (level === logLevel.WARN) child.warn(fields, message);
    };
}

export const KAFKAJS_LOG_LEVEL = logLevel.WARN;
