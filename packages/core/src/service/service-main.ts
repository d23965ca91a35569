import { isPipelineError } from '../errors.ts';
import type { RunningService } from './stage-service.ts';

/** EX_CONFIG from sysexits.h: the operator has to fix a setting before a restart can help. */
const EXIT_CONFIG = 78;

/**
 * A service process's main: start, stop cleanly on SIGTERM or SIGINT (exit 0), exit non-zero when it
 * cannot start or consumption fails, with the reason on stderr.
 */
export async function runServiceMain(start: () => Promise<RunningService>): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(isPipelineError(error) && error.code === 'CONFIG_INVALID' ? EXIT_CONFIG : 1);
  }
  const shutdown = () => {
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  try {
    await service.done;
  } catch {
    process.exit(1);
  }
}
