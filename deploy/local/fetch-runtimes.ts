import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '@netattack/core';
import { renderKafkaPom } from './kafka-pom.ts';
import { mavenCommand, requireMaven } from './prerequisites.ts';
import { runCommand } from './processes.ts';
import { APICURIO_VERSION, KAFKA_VERSION, type StackConfig } from './stack-config.ts';
import { COMPLETE_MARKER, type StackPaths } from './stack-paths.ts';

export type Report = (line: string) => void;

/**
 * Resolves the Kafka server's jars from Maven Central into the cache, once. Returns false when the
 * cache already held them (the warm path, which must not call Maven at all).
 */
export async function ensureKafkaRuntime(
  config: StackConfig,
  paths: StackPaths,
  report: Report,
): Promise<boolean> {
  if (existsSync(join(paths.kafkaLib, COMPLETE_MARKER))) return false;
  requireMaven();
  report(`fetching Kafka ${KAFKA_VERSION} from Maven Central into ${paths.kafkaHome}`);
  const began = Date.now();
  mkdirSync(paths.kafkaHome, { recursive: true });
  writeFileSync(paths.kafkaPom, renderKafkaPom(KAFKA_VERSION));
  const staging = `${paths.kafkaLib}.partial`;
  rmSync(staging, { recursive: true, force: true });
  await maven(
    config,
    paths,
    [
      '-f',
      paths.kafkaPom,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${staging}`,
      '-DincludeScope=runtime',
    ],
    paths.kafkaHome,
  );
  const jars = readdirSync(staging).filter((name) => name.endsWith('.jar'));
  if (!jars.some((name) => name.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) {
    throw new PipelineError(
      'STACK_FAILED',
      `Maven finished but ${staging} holds no kafka_2.13 jar; see ${paths.mavenLog}`,
    );
  }
  writeFileSync(join(staging, COMPLETE_MARKER), `${jars.length} jars\n`);
  rmSync(paths.kafkaLib, { recursive: true, force: true });
  renameSync(staging, paths.kafkaLib);
  report(`fetched ${jars.length} Kafka jars in ${secondsSince(began)} s`);
  return true;
}

/**
 * Fetches Apicurio Registry's runnable archive from Maven Central and unpacks it, once. The archive is
 * deleted after unpacking (Maven's local repository keeps its own copy).
 */
export async function ensureRegistryRuntime(
  config: StackConfig,
  paths: StackPaths,
  report: Report,
): Promise<boolean> {
  if (existsSync(join(paths.registryHome, COMPLETE_MARKER))) return false;
  requireMaven();
  report(`fetching Apicurio Registry ${APICURIO_VERSION} from Maven Central into ${paths.registryHome}`);
  const began = Date.now();
  const staging = `${paths.registryHome}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await maven(
    config,
    paths,
    [
      'dependency:copy',
      `-Dartifact=io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`,
      `-DoutputDirectory=${staging}`,
    ],
    staging,
  );
  const archive = join(staging, `apicurio-registry-app-${APICURIO_VERSION}-all.tar.gz`);
  const unpacked = await runCommand('tar', ['-xzf', archive, '-C', staging], staging);
  if (unpacked.code !== 0) {
    throw new PipelineError('STACK_FAILED', `Could not unpack ${archive}: ${unpacked.output.trim()}`);
  }
  rmSync(archive);
  const jar = join(staging, `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`);
  if (!existsSync(jar))
    throw new PipelineError('STACK_FAILED', `The Apicurio archive did not contain ${jar}`);
  writeFileSync(join(staging, COMPLETE_MARKER), `${APICURIO_VERSION}\n`);
  rmSync(paths.registryHome, { recursive: true, force: true });
  renameSync(staging, paths.registryHome);
  report(`fetched and unpacked Apicurio Registry in ${secondsSince(began)} s`);
  return true;
}

async function maven(config: StackConfig, paths: StackPaths, goals: string[], cwd: string): Promise<void> {
  const args = ['-B', '-q', ...goals];
  if (config.mavenRepoLocal) args.push(`-Dmaven.repo.local=${config.mavenRepoLocal}`);
  const command = mavenCommand();
  const result = await runCommand(command, args, cwd);
  mkdirSync(paths.logDir, { recursive: true });
  appendFileSync(paths.mavenLog, `$ ${command} ${args.join(' ')}\n${result.output}\n(exit ${result.code})\n`);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-15).join('\n');
    throw new PipelineError(
      'STACK_FAILED',
      `Maven failed (exit ${result.code}) fetching from Maven Central; full output in ${paths.mavenLog}:\n${tail}`,
      { retriable: true },
    );
  }
}

/** Seconds since `since` (a Date.now()), one decimal, for progress lines. */
export function secondsSince(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}
