import { open } from 'node:fs/promises';
import { isCaptureMagic } from './pcap/index.ts';

/**
 * Whether a file is a packet capture, by its first bytes (a pcap or pcapng magic number), never by
 * its name: captures are often saved as `.cap`, `.dmp` or without an extension. Unreadable or short
 * files are not captures; the CSV reader then says what is wrong with them.
 */
export async function isCaptureFile(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && isCaptureMagic(head);
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
