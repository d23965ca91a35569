import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from '@netattack/core';
import { type Report, secondsSince } from './fetch-runtimes.ts';
import { runCommand } from './processes.ts';
import type { StackConfig } from './stack-config.ts';
import type { StackPaths } from './stack-paths.ts';

interface FormatRecord {
  clusterId: string;
  controllerPort: number;
  /** Hash of the SCRAM users written at format time (none: ''); other users mean formatting again. */
  scramUsers?: string;
}

/** SCRAM-SHA-512 users (name → password) to create in the metadata log when formatting. */
export type ScramUsers = Readonly<Record<string, string>>;

function scramDigest(users: ScramUsers): string {
  const entries = Object.entries(users).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '' : createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

/**
 * Formats the KRaft storage the first time. The standalone controller records its own endpoint in the
 * metadata log, so storage formatted for another controller port is wiped and formatted again (it is a
 * development stack: its topics are disposable).
 */
export async function ensureFormatted(
  config: StackConfig,
  paths: StackPaths,
  java: string,
  report: Report,
  scramUsers: ScramUsers = {},
): Promise<string> {
  const previous = readFormatRecord(paths);
  const users = scramDigest(scramUsers);
  if (previous && existsSync(join(paths.kafkaData, 'meta.properties'))) {
    const sameUsers = (previous.scramUsers ?? '') === users;
    if (previous.controllerPort === config.controllerPort && sameUsers) return previous.clusterId;
    report(
      previous.controllerPort !== config.controllerPort
        ? `the controller port changed from ${previous.controllerPort} to ${config.controllerPort}: wiping ${paths.kafkaData} and formatting it again`
        : `the SCRAM users changed (the secured listener is new here): wiping ${paths.kafkaData} and formatting it again`,
    );
  }
  const began = Date.now();
  rmSync(paths.kafkaData, { recursive: true, force: true });
  mkdirSync(paths.kafkaData, { recursive: true });
  const classpath = ['-cp', join(paths.kafkaLib, '*'), `-Dlog4j2.configurationFile=${paths.log4jConfig}`];

  const uuid = await runCommand(
    java,
    [...classpath, 'kafka.tools.StorageTool', 'random-uuid'],
    paths.kafkaHome,
  );
  const clusterId = uuid.output.trim().split('\n').at(-1)?.trim() ?? '';
  if (uuid.code !== 0 || !/^[A-Za-z0-9_-]{22}$/.test(clusterId)) {
    throw new PipelineError('STACK_FAILED', `kafka StorageTool random-uuid failed: ${uuid.output.trim()}`);
  }
  const format = await runCommand(
    java,
    [
      ...classpath,
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '-t',
      clusterId,
      '-c',
      paths.serverProperties,
      // Passwords go on the command line of a short-lived local process; they are never logged.
      ...Object.entries(scramUsers).flatMap(([name, password]) => [
        '--add-scram',
        `SCRAM-SHA-512=[name=${name},password=${password}]`,
      ]),
    ],
    paths.kafkaHome,
  );
  if (format.code !== 0) {
    let output = format.output.trim();
    for (const password of Object.values(scramUsers)) output = output.replaceAll(password, '***');
    throw new PipelineError('STACK_FAILED', `Formatting Kafka storage failed: ${output}`);
  }
  report(
    `formatted Kafka storage in ${paths.kafkaData} (cluster id ${clusterId}) in ${secondsSince(began)} s`,
  );
  const record: FormatRecord = { clusterId, controllerPort: config.controllerPort, scramUsers: users };
  writeFileSync(paths.kafkaFormatRecord, `${JSON.stringify(record)}\n`);
  return clusterId;
}

function readFormatRecord(paths: StackPaths): FormatRecord | undefined {
  if (!existsSync(paths.kafkaFormatRecord)) return undefined;
  try {
    return JSON.parse(readFileSync(paths.kafkaFormatRecord, 'utf8')) as FormatRecord;
  } catch {
    return undefined;
  }
}
