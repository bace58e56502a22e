import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { TestDatabase } from '../test/support/test-database';

/**
 * CPU time of processes by pid, read from /proc (Linux): what a consumer cost, independent of
 * how busy the shared machine was. A pid that is gone (or no /proc) counts as 0.
 */
export type CpuSnapshot = Map<number, number>;

const TICKS_PER_SECOND = readTicksPerSecond();

function readTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** CPU seconds (user + system) each process has used so far. */
export function cpuSnapshot(pids: readonly number[]): CpuSnapshot {
  return new Map(pids.map((pid) => [pid, cpuSecondsOf(pid)]));
}

/** CPU seconds used between two snapshots, summed; a process absent from `before` started in between. */
export function cpuSecondsBetween(before: CpuSnapshot, after: CpuSnapshot): number {
  let total = 0;
  for (const [pid, seconds] of after) total += Math.max(0, seconds - (before.get(pid) ?? 0));
  return total;
}

/** The PostgreSQL backends serving the bench database (the bench's or the consumers' connections), not this query's own. */
export async function backendPids(database: TestDatabase): Promise<number[]> {
  const rows = await database.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  return rows.map((row) => row.pid);
}

function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the parenthesised command name: state is 3rd, utime 14th, stime 15th (1-based over the whole line).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
