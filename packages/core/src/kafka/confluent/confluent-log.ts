import type { Logger } from '../../log/logger.ts';

/** What librdkafka hands to 'event.log': a syslog severity, a facility and the line. */
export interface LibrdKafkaLogEvent {
  severity: number;
  fac: string;
  message: string;
}

interface ClientWithEvents {
  on(event: 'event.log', listener: (event: LibrdKafkaLogEvent) => void): unknown;
}

/**
 * Routes librdkafka's own log lines into the client's pino logger by syslog severity: 0-2 (emerg,
 * alert, crit) at error; 3-4 (err, warning) at warn, because librdkafka logs at err the failures it
 * then retries itself (a refused connection, a broker going away), and what does not recover reaches
 * the caller as a PipelineError; 5-6 (notice, info) at info; 7 (debug) at debug. librdkafka folds
 * identical repeated failures into one line ("N identical error(s) suppressed"), so a broker that is
 * away does not flood the log.
 */
export function forwardLibrdKafkaLogs(client: ClientWithEvents, logger: Logger): void {
  client.on('event.log', ({ severity, fac, message }) => {
    const fields = { librdkafka: fac, severity };
    if (severity <= 2) logger.error(fields, message);
    else if (severity <= 4) logger.warn(fields, message);
    else if (severity <= 6) logger.info(fields, message);
    else logger.debug(fields, message);
  });
}
