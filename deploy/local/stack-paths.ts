import { join } from 'node:path';
import { APICURIO_VERSION, KAFKA_VERSION, type StackConfig } from './stack-config.ts';

/**
 * Where everything the stack fetches, writes and runs lives: the fetched runtimes and class-data
 * archives under the cache folder, everything else under the state folder (by default one folder).
 */
export interface StackPaths {
  readonly kafkaHome: string;
  readonly kafkaLib: string;
  readonly kafkaPom: string;
  readonly registryHome: string;
  readonly registryJar: string;
  /** The registry's H2 database (schemas, rules, ids): survives a restart, even a kill -9. */
  readonly registryData: string;
  readonly kafkaData: string;
  /** Records the controller port the storage was formatted for (KRaft keeps the voter's endpoint). */
  readonly kafkaFormatRecord: string;
  readonly configDir: string;
  readonly serverProperties: string;
  readonly log4jConfig: string;
  readonly logDir: string;
  readonly kafkaServerLog: string;
  readonly kafkaConsoleLog: string;
  readonly registryLog: string;
  readonly mavenLog: string;
  readonly runDir: string;
  readonly kafkaPid: string;
  readonly registryPid: string;
  readonly lockFile: string;
  readonly sessionsDir: string;
  /** Class-data-sharing archives, one per component and Java runtime (see classDataArchive). */
  readonly cdsDir: string;
  /** The components a test session started, so that the last session out stops exactly those. */
  readonly sessionOwned: string;
}

/** Written last when a fetch or an unpack completes, so an interrupted one is redone, never half-used. */
export const COMPLETE_MARKER = '.complete';

export function stackPaths(config: StackConfig): StackPaths {
  const dir = config.stateDir;
  const kafkaHome = join(config.cacheDir, `kafka-${KAFKA_VERSION}`);
  const registryHome = join(config.cacheDir, `apicurio-registry-${APICURIO_VERSION}`);
  const configDir = join(dir, 'config');
  const logDir = join(dir, 'logs');
  const runDir = join(dir, 'run');
  const kafkaData = join(dir, 'kafka-data');
  return {
    kafkaHome,
    kafkaLib: join(kafkaHome, 'lib'),
    kafkaPom: join(kafkaHome, 'pom.xml'),
    registryHome,
    registryJar: join(registryHome, `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`),
    registryData: join(dir, 'registry-data'),
    kafkaData,
    kafkaFormatRecord: join(dir, 'kafka-format.json'),
    configDir,
    serverProperties: join(configDir, 'server.properties'),
    log4jConfig: join(configDir, 'log4j2.properties'),
    logDir,
    kafkaServerLog: join(logDir, 'kafka-server.log'),
    kafkaConsoleLog: join(logDir, 'kafka-console.log'),
    registryLog: join(logDir, 'registry.log'),
    mavenLog: join(logDir, 'maven.log'),
    runDir,
    kafkaPid: join(runDir, 'kafka.pid'),
    registryPid: join(runDir, 'registry.pid'),
    lockFile: join(runDir, 'stack.lock'),
    sessionsDir: join(runDir, 'sessions'),
    cdsDir: join(config.cacheDir, 'cds'),
    sessionOwned: join(runDir, 'session-owned.json'),
  };
}
