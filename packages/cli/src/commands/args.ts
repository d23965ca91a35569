import { type ParseArgsConfig, parseArgs } from 'node:util';
import { PipelineError } from '@netattack/core';
import { isTimeZone, METER_MODES, type MeterCaptureOptions, type MeterMode } from '@netattack/core/capture';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with our error code: a typo in an option says what is wrong and exits 2, not a stack trace. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new PipelineError('CONFIG_INVALID', `${command}: ${(error as Error).message}`);
  }
}

/** `--data a --data b c` and `--data a,b`: every path, in order. */
export function dataPaths(command: string, data: string[] | undefined, positionals: string[]): string[] {
  const paths = [...(data ?? []).flatMap((value) => value.split(',')), ...positionals].filter(
    (p) => p !== '',
  );
  if (paths.length === 0) {
    throw new PipelineError('CONFIG_INVALID', `${command}: --data <files or dirs> is required`);
  }
  return paths;
}

export function numberOption(
  command: string,
  name: string,
  value: string | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `${command}: --${name} must be a number, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

/** `--mode`, `--label` and `--max-flows`: how the captures among the data paths are metered. */
export function captureOptions(
  command: string,
  values: { mode?: string; label?: string; 'max-flows'?: string; 'time-zone'?: string },
): Pick<MeterCaptureOptions, 'mode' | 'label' | 'maxFlows' | 'timeZone'> {
  const mode = (values.mode ?? 'cic') as MeterMode;
  if (!METER_MODES.includes(mode)) {
    throw new PipelineError('CONFIG_INVALID', `${command}: --mode must be one of ${METER_MODES.join(', ')}`);
  }
  const maxFlows = numberOption(command, 'max-flows', values['max-flows'], 1_000_000);
  if (!(Number.isInteger(maxFlows) && maxFlows > 0)) {
    throw new PipelineError('CONFIG_INVALID', `${command}: --max-flows must be a positive whole number`);
  }
  const timeZone = values['time-zone'];
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `${command}: --time-zone must be an IANA zone such as UTC or America/Moncton, got ${JSON.stringify(timeZone)}`,
    );
  }
  return { mode, label: values.label ?? null, maxFlows, ...(timeZone === undefined ? {} : { timeZone }) };
}
