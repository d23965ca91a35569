import { PipelineError } from '../errors.ts';

/**
 * Configuration comes from the environment and is validated once, at start, so that a service with
 * a typo in its settings stops with a message naming the variable and the form it expects, instead
 * of failing later in the middle of a stream.
 */
export interface EnvVar<T> {
  /** The expected form, shown in error messages and in `describeEnv`. */
  readonly expected: string;
  readonly description: string;
  /** A password or key: error messages never show its value. */
  readonly secret?: boolean;
  parse(raw: string | undefined): T;
}

type Parsed<S> = { [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never };

class InvalidValue extends Error {}

function variable<T>(
  expected: string,
  description: string,
  fallback: T | undefined,
  convert: (raw: string) => T,
): EnvVar<T> {
  return {
    expected,
    description,
    parse(raw) {
      if (raw === undefined || raw.trim() === '') {
        if (fallback === undefined) throw new InvalidValue('is required');
        return fallback;
      }
      return convert(raw.trim());
    },
  };
}

export interface VarOptions<T> {
  default?: T;
  description?: string;
}

export function stringVar(options: VarOptions<string> = {}): EnvVar<string> {
  return variable('a non-empty string', options.description ?? '', options.default, (raw) => raw);
}

/**
 * A password: empty when unset, never shown in an error message, and taken as given (no trimming:
 * spaces may be part of it). Whether it is required depends on other settings, checked by the caller.
 */
export function secretVar(options: { description?: string } = {}): EnvVar<string> {
  return {
    expected: 'a secret string',
    description: options.description ?? '',
    secret: true,
    parse: (raw) => raw ?? '',
  };
}

export function intVar(options: VarOptions<number> & { min?: number; max?: number } = {}): EnvVar<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  const expected = `an integer from ${min} to ${max}`;
  return variable(expected, options.description ?? '', options.default, (raw) => {
    if (!/^-?\d+$/.test(raw)) throw new InvalidValue(`must be ${expected}`);
    const value = Number(raw);
    if (value < min || value > max) throw new InvalidValue(`must be ${expected}`);
    return value;
  });
}

export function numberVar(options: VarOptions<number> & { min?: number; max?: number } = {}): EnvVar<number> {
  const min = options.min ?? -Number.MAX_VALUE;
  const max = options.max ?? Number.MAX_VALUE;
  const expected = `a number from ${min} to ${max}`;
  return variable(expected, options.description ?? '', options.default, (raw) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) throw new InvalidValue(`must be ${expected}`);
    return value;
  });
}

export function boolVar(options: VarOptions<boolean> = {}): EnvVar<boolean> {
  return variable('true or false', options.description ?? '', options.default, (raw) => {
    const lower = raw.toLowerCase();
    if (['true', '1', 'yes'].includes(lower)) return true;
    if (['false', '0', 'no'].includes(lower)) return false;
    throw new InvalidValue('must be true or false');
  });
}

export function enumVar<const T extends string>(
  values: readonly T[],
  options: VarOptions<T> = {},
): EnvVar<T> {
  const expected = `one of ${values.join(', ')}`;
  return variable(expected, options.description ?? '', options.default, (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new InvalidValue(`must be ${expected}`);
    return raw as T;
  });
}

export function urlVar(options: VarOptions<string> = {}): EnvVar<string> {
  const expected = 'an http(s) URL such as http://127.0.0.1:8081';
  return variable(expected, options.description ?? '', options.default, (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new InvalidValue(`must be ${expected}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidValue(`must be ${expected}`);
    return raw.replace(/\/+$/, '');
  });
}

/** A comma-separated list of host:port pairs, the form Kafka clients take for bootstrap servers. */
export function hostPortListVar(options: VarOptions<string[]> = {}): EnvVar<string[]> {
  const expected = 'a comma-separated list of host:port, such as 127.0.0.1:9092';
  return variable(expected, options.description ?? '', options.default, (raw) => {
    const items = raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const valid = items.length > 0 && items.every((item) => /^[^\s:]+:\d{1,5}$/.test(item));
    if (!valid) throw new InvalidValue(`must be ${expected}`);
    return items;
  });
}

export function listVar(options: VarOptions<string[]> = {}): EnvVar<string[]> {
  const expected = 'a comma-separated list';
  return variable(expected, options.description ?? '', options.default, (raw) =>
    raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
}

/**
 * Reads every variable of `spec` from `env`. All problems are collected and reported together, each
 * naming the variable, what is wrong, the expected form, and the value that was given.
 */
export function readEnv<S extends Record<string, EnvVar<unknown>>>(
  spec: S,
  env: NodeJS.ProcessEnv = process.env,
): Parsed<S> {
  const result: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, definition] of Object.entries(spec)) {
    const raw = env[name];
    try {
      result[name] = definition.parse(raw);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      const given =
        raw === undefined
          ? 'it is not set'
          : definition.secret
            ? 'value hidden'
            : `got ${JSON.stringify(raw)}`;
      problems.push(`${name} ${error.message} (expected ${definition.expected}; ${given})`);
    }
  }
  if (problems.length > 0) {
    throw new PipelineError('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
  return result as Parsed<S>;
}
