import { isPipelineError, needsOperator } from '@netattack/core';

/** EX_CONFIG, as the services exit with: a setting, password or grant to fix. */
const EXIT_CONFIG = 78;

import { COMMANDS, type Command } from './commands/index.ts';

function usage(): string {
  const lines = Object.values(COMMANDS).map(
    (command: Command) => `  ${command.usage}\n      ${command.summary}`,
  );
  return `netattack <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'netattack <command> --help' for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`netattack: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n\n${command.summary}\n\n${command.help}\n`);
    return 0;
  }
  return command.run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (isPipelineError(error)) {
    process.stderr.write(`netattack: ${error.message} [${error.code}]\n`);
  } else {
    process.stderr.write(
      `netattack: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = needsOperator(error) ? EXIT_CONFIG : 1;
  // A failed command exits now: a Kafka client may still be flushing toward a broker that is gone
  // (librdkafka's flush holds the event loop for its whole timeout).
  process.exit(process.exitCode);
}
