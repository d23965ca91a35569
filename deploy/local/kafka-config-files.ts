import { DEFAULT_PARTITIONS } from '@netattack/core/topology';

export interface ServerPropertiesInput {
  readonly host: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** Opens a SASL_SSL listener beside the plaintext one, with the authorizer on. */
  readonly secure?: SecureListenerInput;
}

export interface SecureListenerInput {
  readonly port: number;
  /** PEM key and certificate chain of the broker. */
  readonly keystore: string;
  /** PEM CA that client certificates (mutual TLS, optional) must be signed by. */
  readonly truststore: string;
  /** Principals allowed everything: the operator's, and the plaintext listener's (ANONYMOUS). */
  readonly superUsers: readonly string[];
}

/**
 * One KRaft node that is both broker and controller. With a single node every internal topic must have
 * replication factor 1 and min ISR 1, or consumer groups loop on "coordinator not available".
 */
export function renderServerProperties(input: ServerPropertiesInput): string {
  const { host, port, controllerPort, dataDir, secure } = input;
  const secureListener = secure ? `,SASL_SSL://${host}:${secure.port}` : '';
  const properties: [string, string | number][] = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['listeners', `PLAINTEXT://${host}:${port}${secureListener},CONTROLLER://${host}:${controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${host}:${port}${secureListener}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    [
      'listener.security.protocol.map',
      `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${secure ? ',SASL_SSL:SASL_SSL' : ''}`,
    ],
    ['controller.quorum.bootstrap.servers', `${host}:${controllerPort}`],
    ['log.dirs', escapePropertyValue(dataDir)],
    ['num.partitions', DEFAULT_PARTITIONS],
    ['offsets.topic.replication.factor', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    // Tests create a group per run: waiting 3 s for more members to join only slows them down.
    ['group.initial.rebalance.delay.ms', 0],
    ...(secure ? secureProperties(secure) : []),
  ];
  return `${properties.map(([key, value]) => `${key}=${value}`).join('\n')}\n`;
}

/**
 * SCRAM-SHA-512 logins over TLS (users are created when the storage is formatted) and the standard
 * KRaft authorizer: a principal may do only what an ACL grants it. The plaintext listener stays for
 * the unsecured development path; its ANONYMOUS principal is a super user, so the authorizer changes
 * nothing there. Client certificates are asked for, not required: SASL names the principal.
 */
function secureProperties(secure: SecureListenerInput): [string, string | number][] {
  const keystore = escapePropertyValue(secure.keystore);
  const truststore = escapePropertyValue(secure.truststore);
  return [
    ['sasl.enabled.mechanisms', 'SCRAM-SHA-512'],
    [
      'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config',
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    ],
    ['listener.name.sasl_ssl.ssl.keystore.type', 'PEM'],
    ['listener.name.sasl_ssl.ssl.keystore.location', keystore],
    ['listener.name.sasl_ssl.ssl.truststore.type', 'PEM'],
    ['listener.name.sasl_ssl.ssl.truststore.location', truststore],
    ['listener.name.sasl_ssl.ssl.client.auth', 'requested'],
    ['authorizer.class.name', 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'],
    ['super.users', secure.superUsers.join(';')],
    ['allow.everyone.if.no.acl.found', 'false'],
  ];
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
