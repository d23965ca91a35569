/**
 * How a client reaches a secured cluster: the protocol, the SASL login and the TLS material, in one
 * client-neutral shape. Each client maps it to its own options (kafkajs-bus.ts, rdkafka-config.ts,
 * confluent-config.ts); nothing else looks at it. File paths stay paths for librdkafka, which reads the
 * files itself; kafkajs gets the PEM text read once at start.
 */

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface SaslLogin {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  /** Never logged: `describeSecurity` and every error message leave it out. */
  readonly password: string;
}

export interface TlsFiles {
  /** PEM file of the CA that signed the broker's certificate; the system's CAs when absent. */
  readonly caFile?: string;
  /** PEM client certificate and key, for mutual TLS. */
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface KafkaSecurity {
  readonly protocol: SecurityProtocol;
  /** Set for SASL_PLAINTEXT and SASL_SSL. */
  readonly sasl?: SaslLogin;
  /** Set for SSL and SASL_SSL. */
  readonly tls?: TlsFiles;
}

export const PLAINTEXT: KafkaSecurity = { protocol: 'PLAINTEXT' };

export function usesTls(security: KafkaSecurity): boolean {
  return security.protocol === 'SSL' || security.protocol === 'SASL_SSL';
}

/** For logs: the protocol, mechanism and user, never the password or key material. */
export function describeSecurity(security: KafkaSecurity): string {
  const parts: string[] = [security.protocol];
  if (security.sasl) parts.push(`${security.sasl.mechanism} as ${security.sasl.username}`);
  if (security.tls?.certFile) parts.push('client certificate');
  return parts.join(', ');
}

/** librdkafka's property names, shared by node-rdkafka and @confluentinc/kafka-javascript. */
export function librdkafkaSecurity(security: KafkaSecurity): Record<string, string> {
  const config: Record<string, string> = { 'security.protocol': security.protocol.toLowerCase() };
  if (security.sasl) {
    config['sasl.mechanisms'] = security.sasl.mechanism;
    config['sasl.username'] = security.sasl.username;
    config['sasl.password'] = security.sasl.password;
  }
  if (security.tls?.caFile) config['ssl.ca.location'] = security.tls.caFile;
  if (security.tls?.certFile) config['ssl.certificate.location'] = security.tls.certFile;
  if (security.tls?.keyFile) config['ssl.key.location'] = security.tls.keyFile;
  return config;
}

/** What the operator should check; every client's error mapping says the same. */
export function securityAdvice(code: 'KAFKA_AUTH_FAILED' | 'KAFKA_NOT_AUTHORIZED', detail: string): string {
  return code === 'KAFKA_AUTH_FAILED'
    ? `authentication failed (${detail}); check KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SSL_CA_FILE`
    : `not authorized (${detail}); the principal lacks an ACL: grant it with \`netattack provision --acls\``;
}
