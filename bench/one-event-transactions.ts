/**
 * `node dist-bench/bench/one-event-transactions.js`: what one event costs when it is its batch's
 * only event (issue 17), as for a `recordEvent` with no other call in the same group-commit window,
 * or live traffic beside a recompute job. Where bench:worker's batches of hundreds spread each
 * transaction's fixed costs (round trips, planning, the commit) over their events, here every
 * event pays them.
 *
 * Seeds BENCH_MEMBERS members (default 2,000) with one event each through the engine, then
 * BENCH_CALLERS callers (default 4) each record one event after the other (DAILY_LOGIN for a random
 * member, a transaction each) for BENCH_SECONDS (default 8), twice: a warm-up round and the
 * measured one. Reports events a second and CPU per event of this process (process.cpuUsage)
 * and of its PostgreSQL backends (/proc).
 */
import { randomUUID } from 'node:crypto';
import { createRuntime } from '../src/app/runtime';
import { EventType } from '../src/contract';
import { createTestEvent } from '../src/kit';
import { loadConfig } from '../src/platform/config';
import { createTestDatabase } from '../test/support/test-database';
import { liveTraffic, SHIPPED_RULES_FILE } from './engine-callers';
import { backendPids, cpuSecondsBetween, cpuSnapshot } from './process-cpu';
import { print, runMain } from './run-main';

const SEED_BATCH = 500;

async function main(): Promise<void> {
  const memberCount = Number(process.env.BENCH_MEMBERS ?? 2_000);
  const callers = Number(process.env.BENCH_CALLERS ?? 4);
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const database = await createTestDatabase('one_event_transactions');
  const runtime = await createRuntime(loadConfig({ DATABASE_URL: database.url, RULES_FILE: SHIPPED_RULES_FILE, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10' }), 'bench');
  try {
    const members = Array.from({ length: memberCount }, () => randomUUID());
    for (let from = 0; from < memberCount; from += SEED_BATCH) {
      await runtime.engine.process(
        members.slice(from, from + SEED_BATCH).map((userId) => {
          const raw = createTestEvent(EventType.DAILY_LOGIN, { userId });
          return { raw, fallbackId: raw.id!, producer: 'service' as const };
        }),
      );
    }
    const rounds: string[] = [];
    for (const round of ['warm-up', 'measured']) {
      const cpuBefore = process.cpuUsage();
      const postgresBefore = cpuSnapshot(await backendPids(database));
      const events = (await liveTraffic(runtime.engine, members, { callers, seconds }).stopped).length;
      const cpu = process.cpuUsage(cpuBefore);
      const postgres = cpuSecondsBetween(postgresBefore, cpuSnapshot(await backendPids(database)));
      rounds.push(`| ${round} | ${events} | ${Math.round(events / seconds)} | ${Math.round((cpu.user + cpu.system) / events)} | ${Math.round((postgres * 1e6) / events)} |`);
    }
    print(`
One event a transaction — ${callers} callers, ${seconds} s a round, ${memberCount} members, default rules

| round | events | events/s | CPU µs/event: this process | PostgreSQL |
|---|---:|---:|---:|---:|
${rounds.join('\n')}`);
  } finally {
    await runtime.close();
    await database.drop();
  }
}

runMain(main);
