import os from 'node:os';
import { Client } from 'pg';

/**
 * How fast this (shared, virtual) machine is right now, printed with the figures so runs can be
 * compared: the load average and the round trip of `SELECT 1` to PostgreSQL (the median of 2,000
 * after 500 to warm up). On a quiet machine the round trip is ~50 µs; it doubles or triples when
 * the host is busy, and every figure of the run moves with it.
 */
export async function machineState(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < 2500; i++) {
      const started = process.hrtime.bigint();
      await client.query('SELECT 1');
      if (i >= 500) times.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    times.sort((a, b) => a - b);
    const load = os.loadavg().map((value) => value.toFixed(1)).join(' ');
    return `load average ${load}, PostgreSQL SELECT 1 round trip ${Math.round(times[times.length >> 1])} µs (median)`;
  } finally {
    await client.end();
  }
}
