import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '@netattack/core';

export const MIN_JAVA_MAJOR = 17;

const ESCAPE_HATCH =
  'Or point everything at a running cluster instead: set KAFKA_BROKERS (host:port) and SCHEMA_REGISTRY_URL.';

/**
 * The major version from `java -version` output. Old releases print "1.8.0_402" (major 8), newer ones
 * "17.0.15" or "21" or "23-ea"; both "java version" and "openjdk version" forms exist.
 */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "([^"]+)"/.exec(versionOutput);
  if (!match) return undefined;
  const parts = match[1]!.split(/[.\-_+]/);
  const first = Number(parts[0]);
  if (!Number.isInteger(first)) return undefined;
  if (first === 1) {
    const second = Number(parts[1]);
    return Number.isInteger(second) ? second : undefined;
  }
  return first;
}

/** What to tell the user when Java is missing or too old; undefined when the version is fine. */
export function javaProblem(command: string, versionOutput: string | undefined): string | undefined {
  const install = `Install a Java ${MIN_JAVA_MAJOR} or newer runtime (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17; or any JDK ${MIN_JAVA_MAJOR}+ with JAVA_HOME pointing at it).`;
  if (versionOutput === undefined) {
    return `Java was not found (tried "${command}"): the local Kafka and schema registry run on the JVM. ${install} ${ESCAPE_HATCH}`;
  }
  const major = parseJavaMajor(versionOutput);
  if (major === undefined) {
    return `Could not read the Java version from "${command} -version" (it printed: ${versionOutput.trim().split('\n')[0]}). ${install}`;
  }
  if (major < MIN_JAVA_MAJOR) {
    return `Java ${major} was found ("${command}"), but Kafka 4 needs Java ${MIN_JAVA_MAJOR} or newer. ${install} ${ESCAPE_HATCH}`;
  }
  return undefined;
}

export function mavenMissingMessage(command: string): string {
  return `Maven was not found (tried "${command}"): it fetches Kafka and the Apicurio registry from Maven Central the first time the stack starts (later starts use the cache and need no Maven). Install Maven 3.6 or newer (Debian/Ubuntu: sudo apt-get install maven; macOS: brew install maven). ${ESCAPE_HATCH}`;
}

/** JAVA_HOME wins over PATH, as it does for Maven and most Java tooling. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.JAVA_HOME?.trim();
  if (home) {
    const candidate = join(home, 'bin', 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
}

export function mavenCommand(): string {
  return 'mvn';
}

/**
 * Runs `java -version` and throws TOOL_MISSING with install advice when Java is absent or too old.
 * Returns the full version ("17.0.15"), which names the class-data archives built for that runtime.
 */
export function requireJava(command: string = javaCommand()): string {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  const output = result.error ? undefined : `${result.stderr}${result.stdout}`;
  const problem = javaProblem(command, output);
  if (problem) throw new PipelineError('TOOL_MISSING', problem);
  return /version "([^"]+)"/.exec(output!)![1]!;
}

export function requireMaven(command: string = mavenCommand()): void {
  const result = spawnSync(command, ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0)
    throw new PipelineError('TOOL_MISSING', mavenMissingMessage(command));
}
