/**
 * Finds Debian's chromium for the browser test, installing it with apt when we run as root and it is
 * missing. Returns the reason instead of throwing when it cannot, so the test can skip visibly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** apt on a cold cache downloads ~100 MB; beyond this something is wrong and the test should say so. */
const INSTALL_TIMEOUT_MS = 15 * 60 * 1000;

export type ChromiumLookup = { ok: true; path: string } | { ok: false; reason: string };

export function ensureChromium(): ChromiumLookup {
  if (existsSync(CHROMIUM_PATH)) return { ok: true, path: CHROMIUM_PATH };
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: `${CHROMIUM_PATH} is missing and installing it needs root (apt-get)` };
  }
  // Other sessions may hold the dpkg lock; wait for it rather than failing at once.
  const result = spawnSync(
    'sh',
    [
      '-c',
      'apt-get update -o DPkg::Lock::Timeout=300 && ' +
        'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 chromium',
    ],
    { encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error !== undefined || result.status !== 0 || !existsSync(CHROMIUM_PATH)) {
    const why = result.error?.message ?? `apt-get exited with ${String(result.status)}`;
    const tail = `${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
    return { ok: false, reason: `could not install chromium: ${why}${tail === '' ? '' : ` (${tail})`}` };
  }
  return { ok: true, path: CHROMIUM_PATH };
}
