import type { OutgoingMessage } from './bus.ts';

/**
 * A produce request whose batch for one partition exceeds the broker's `message.max.bytes` (1 MiB
 * by default) is refused whole, so large sends are cut into requests well under that size.
 */
export const MAX_REQUEST_BYTES = 512 * 1024;
export const MAX_REQUEST_MESSAGES = 5000;

/** Rough size on the wire: value, key, headers and the per-record overhead. */
function approximateSize(message: OutgoingMessage): number {
  let size = 24 + message.value.length + (message.key === null ? 0 : message.key.length * 3);
  if (message.headers) {
    for (const name in message.headers) size += name.length + message.headers[name]!.length * 3 + 4;
  }
  return size;
}

/** Consecutive slices of `messages`, order kept, each under the request limits. */
export function splitIntoRequests(
  messages: readonly OutgoingMessage[],
  maxBytes = MAX_REQUEST_BYTES,
  maxMessages = MAX_REQUEST_MESSAGES,
): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = approximateSize(message);
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= maxMessages)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
