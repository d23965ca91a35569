import { type LogEntry, type logCreator, logLevel } from 'kafkajs';
import type { Logger } from '../../log/logger.ts';

/**
 * Routes kafkajs's own log lines into the service's pino logger, at warn and above only: its info
 * level logs every join and fetch loop, which would drown the per-batch lines the services write.
 * kafkajs logs every failed request at ERROR, including the ones it then retries with success (a
 * coordinator still loading, a topic not yet in metadata), so its errors are written at warn with
 * their original level beside them; the failures that matter reach the caller as PipelineErrors.
 */
export function kafkaJsLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      if (level !== logLevel.ERROR && level !== logLevel.WARN) return;
      const { message, timestamp: _timestamp, logger: _name, ...extra } = log;
      child.warn({ namespace, kafkajsLevel: level === logLevel.ERROR ? 'error' : 'warn', ...extra }, message);
    };
}

export const KAFKAJS_LOG_LEVEL = logLevel.WARN;
