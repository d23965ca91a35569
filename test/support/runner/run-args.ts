export interface RunArgs {
  /** False with --no-lint: skip Biome and the typecheck for a quick local run. */
  readonly lint: boolean;
  /** Substrings of test file paths; empty means every test file. */
  readonly filters: string[];
  /** --test-* flags handed to Node's test runner unchanged, e.g. --test-name-pattern=roundtrip. */
  readonly nodeTestFlags: string[];
}

export const RUN_USAGE =
  'usage: npm test [-- [--no-lint] [--test-name-pattern=<re>] [path filters...]]\n' +
  '  a filter selects every test file whose path contains it: test/core/flow, parse-row, test/deploy/stack.test.ts';

export function parseRunArgs(argv: readonly string[]): RunArgs {
  let lint = true;
  const filters: string[] = [];
  const nodeTestFlags: string[] = [];
  for (const arg of argv) {
    if (arg === '--no-lint') lint = false;
    else if (arg.startsWith('--test-')) nodeTestFlags.push(arg);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${RUN_USAGE}`);
    else filters.push(normaliseFilter(arg));
  }
  return { lint, filters, nodeTestFlags };
}

/** "./test/core/flow/" and "test\\core\\flow" both mean test/core/flow. */
function normaliseFilter(filter: string): string {
  return filter
    .replaceAll('\\', '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
}
