import { DEFAULT_PARTITIONS } from '@netattack/core/topology';

export interface ServerPropertiesInput {
  readonly host: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
}

/**
 * One KRaft node that is both broker and controller. With a single node every internal topic must have
 * replication factor 1 and min ISR 1, or consumer groups loop on "coordinator not available".
 */
export function renderServerProperties(input: ServerPropertiesInput): string {
  const { host, port, controllerPort, dataDir } = input;
  const properties: [string, string | number][] = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['listeners', `PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${host}:${port}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['controller.quorum.bootstrap.servers', `${host}:${controllerPort}`],
    ['log.dirs', escapePropertyValue(dataDir)],
    ['num.partitions', DEFAULT_PARTITIONS],
    ['offsets.topic.replication.factor', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    // Tests create a group per run: waiting 3 s for more members to join only slows them down.
    ['group.initial.rebalance.delay.ms', 0],
  ];
  return `${properties.map(([key, value]) => `${key}=${value}`).join('\n')}\n`;
}

/** Without a Log4j2 file Kafka 4 logs nothing at all; this one writes INFO to a size-capped file. */
export function renderLog4j2Config(logFile: string): string {
  const file = escapePropertyValue(logFile);
  return [
    'status = warn',
    'appender.file.type = RollingFile',
    'appender.file.name = file',
    `appender.file.fileName = ${file}`,
    `appender.file.filePattern = ${file}.%i`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 20MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 3',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = file',
    // The request logger at INFO writes a line per request; the broker's state changes are what matter.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    '',
  ].join('\n');
}

/** Java .properties treat backslash as an escape; Windows-style paths must survive the round trip. */
function escapePropertyValue(value: string): string {
  return value.replaceAll('\\', '\\\\');
}
