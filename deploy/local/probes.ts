import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';

export type Probe = { ok: true; detail: string } | { ok: false; reason: string };

/**
 * A real metadata round trip (describe the cluster, list topics), not only a TCP connect: a broker
 * accepts connections a while before its metadata is ready to serve.
 */
export async function probeKafka(brokers: readonly string[], timeoutMs = 3000): Promise<Probe> {
  const kafka = new Kafka({
    clientId: 'netattack-stack-probe',
    brokers: [...brokers],
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const topics = await admin.listTopics();
    return {
      ok: true,
      detail: `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s), ${topics.length} topic(s)`,
    };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** GET <url>/subjects must answer 200 with a JSON array: the Confluent API is up, not only the port. */
export async function probeRegistry(registryUrl: string, timeoutMs = 3000): Promise<Probe> {
  try {
    const response = await fetch(`${registryUrl}/subjects`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { ok: false, reason: `GET ${registryUrl}/subjects answered ${response.status}` };
    const body: unknown = await response.json();
    if (!Array.isArray(body))
      return { ok: false, reason: `GET ${registryUrl}/subjects did not return a list` };
    return { ok: true, detail: `${body.length} subject(s)` };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, reason: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

/** Whether something already listens on host:port, to refuse starting on a port another program holds. */
export function portInUse(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (inUse: boolean) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
