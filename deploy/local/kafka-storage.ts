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
): Promise<string> {
  const previous = readFormatRecord(paths);
  if (previous && existsSync(join(paths.kafkaData, 'meta.properties'))) {
    if (previous.controllerPort === config.controllerPort) return previous.clusterId;
    report(
      `the controller port changed from ${previous.controllerPort} to ${config.controllerPort}: wiping ${paths.kafkaData} and formatting it again`,
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
    ],
    paths.kafkaHome,
  );
  if (format.code !== 0) {
    throw new PipelineError('STACK_FAILED', `Formatting Kafka storage failed: ${format.output.trim()}`);
  }
  report(
    `formatted Kafka storage in ${paths.kafkaData} (cluster id ${clusterId}) in ${secondsSince(began)} s`,
  );
  const record: FormatRecord = { clusterId, controllerPort: config.controllerPort };
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
