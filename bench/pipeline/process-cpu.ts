import { readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks; 100 a second on every platform Node supports there. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, all its threads (librdkafka's, V8's), or undefined once gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Polls the CPU time of named processes, so a process that exits mid-run (the producer) still has its
 * last reading. `stop` returns the CPU seconds each used between `start` and the last reading.
 */
export function sampleProcessCpu(pids: Record<string, number | undefined>, everyMs = 200) {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const read = () => {
    for (const [name, pid] of Object.entries(pids)) {
      const seconds = pid === undefined ? undefined : cpuSecondsOf(pid);
      if (seconds === undefined) continue;
      if (!first.has(name)) first.set(name, seconds);
      last.set(name, seconds);
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    /** Adds a process started after the sampling began (its CPU counts from its first reading). */
    add(name: string, pid: number | undefined) {
      pids[name] = pid;
      read();
    },
    stop(): Record<string, number> {
      clearInterval(timer);
      read();
      const used: Record<string, number> = {};
      for (const [name, seconds] of last) used[name] = seconds - (first.get(name) ?? seconds);
      return used;
    },
  };
}
