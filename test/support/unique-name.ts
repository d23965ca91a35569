import { randomBytes } from 'node:crypto';

const KAFKA_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * A topic or group name no other run shares, so integration tests can run against a shared broker and
 * alongside each other. The prefix says which test made it, for whoever lists the broker's topics.
 */
export function uniqueName(prefix: string): string {
  if (!KAFKA_NAME.test(prefix) || prefix.length > 200) {
    throw new Error(
      `uniqueName prefix must be 1-200 characters of A-Z, a-z, 0-9, ".", "_" or "-"; got ${JSON.stringify(prefix)}`,
    );
  }
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
