import { createServer } from 'node:net';
import type { StartedTestContainer } from 'testcontainers';
import { probeKafka } from '../../../deploy/local/probes.ts';
import { APICURIO_VERSION, KAFKA_VERSION } from '../../../deploy/local/stack-config.ts';

/** The same versions as the local stack and docker-compose.yml, so every path tests against one pair. */
export const KAFKA_IMAGE = `apache/kafka:${KAFKA_VERSION}`;
export const REGISTRY_IMAGE = `apicurio/apicurio-registry:${APICURIO_VERSION}`;

const REGISTRY_CONTAINER_PORT = 8080;
const CONTROLLER_CONTAINER_PORT = 9093;

export interface DockerStack {
  readonly brokers: string[];
  readonly registryUrl: string;
  stop(): Promise<void>;
}

/**
 * Whether testcontainers finds a working container engine (DOCKER_HOST, the usual sockets, Podman,
 * Colima, ~/.testcontainers.properties). The library is only loaded when this question is asked.
 */
export async function dockerEngineAnswers(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * The official apache/kafka image as one KRaft broker+controller, and Apicurio's image with in-memory
 * storage. @testcontainers/kafka's KafkaContainer drives Confluent images only (its start script runs
 * /etc/confluent/docker/run), so the Kafka container is set up here: Kafka must advertise the address
 * clients reach it at, so the host port is chosen first and bound one-to-one.
 */
export async function startDockerStack(): Promise<DockerStack> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const host = client.info.containerRuntime.host;
  const kafkaPort = await freePort();

  const started: StartedTestContainer[] = [];
  try {
    const kafka = new GenericContainer(KAFKA_IMAGE)
      .withExposedPorts({ container: kafkaPort, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${kafkaPort},CONTROLLER://0.0.0.0:${CONTROLLER_CONTAINER_PORT}`,
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${CONTROLLER_CONTAINER_PORT}`,
        KAFKA_NUM_PARTITIONS: '6',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(180_000);
    const registry = new GenericContainer(REGISTRY_IMAGE)
      .withExposedPorts(REGISTRY_CONTAINER_PORT)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', REGISTRY_CONTAINER_PORT).forStatusCode(200))
      .withStartupTimeout(180_000);

    const [startedKafka, startedRegistry] = await Promise.allSettled([kafka.start(), registry.start()]);
    for (const outcome of [startedKafka, startedRegistry]) {
      if (outcome.status === 'fulfilled') started.push(outcome.value);
    }
    if (startedKafka.status === 'rejected') throw startedKafka.reason;
    if (startedRegistry.status === 'rejected') throw startedRegistry.reason;
    const registryContainer = startedRegistry.value;
    const brokers = [`${host}:${kafkaPort}`];
    const probe = await probeKafka(brokers, 10_000);
    if (!probe.ok)
      throw new Error(`the Kafka container started but does not answer on ${brokers[0]}: ${probe.reason}`);
    return {
      brokers,
      registryUrl: `http://${registryContainer.getHost()}:${registryContainer.getMappedPort(REGISTRY_CONTAINER_PORT)}/apis/ccompat/v7`,
      stop: async () => {
        await Promise.all(started.map((container) => container.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((container) => container.stop().catch(() => undefined)));
    throw error;
  }
}

/** A port the OS considers free right now (bound to 0, read back, released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
