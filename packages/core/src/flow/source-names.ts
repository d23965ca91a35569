import { basename, sep } from 'node:path';

/**
 * The name each file's records carry (`source.file`, and so `recordId` = `name:line`): its base name,
 * or, where two files of one run share a base name (`nfstream/ssh.pcap` and `zeek/ssh.pcap`), as many
 * trailing path segments as tell them apart. Record ids must be unique across a run: the scorer and
 * every reader dedupe on them.
 */
export function sourceNames(paths: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const segments = new Map(paths.map((path) => [path, path.split(sep).filter((s) => s !== '')]));
  for (const path of paths) names.set(path, path === '-' ? 'stdin' : basename(path));
  for (let depth = 2; ; depth++) {
    const byName = new Map<string, string[]>();
    for (const [path, name] of names) byName.set(name, [...(byName.get(name) ?? []), path]);
    const clashing = [...byName.values()].filter((group) => group.length > 1).flat();
    if (clashing.length === 0) return names;
    let lengthened = false;
    for (const path of clashing) {
      const parts = segments.get(path)!;
      if (depth <= parts.length) lengthened = true;
      names.set(path, parts.slice(-depth).join('/'));
    }
    // Paths that are the same file twice cannot be told apart; expandPaths removes such repeats.
    if (!lengthened) return names;
  }
}
