/**
 * `npm run bench:recompute`: a rule publication's backfill (issue 13) on the real PostgreSQL.
 *
 * Seeds BENCH_MEMBERS members (default 2,000) × BENCH_EVENTS_PER_MEMBER events (default 20, all 36
 * types round-robin) through the engine under the default rules, publishes the default rules with
 * one rule's points changed and `recompute: ALL_MEMBERS`, and runs the recompute job to its end in
 * this process with no rate bound (RECOMPUTE_LANES chunks at once, default 2), while BENCH_LIVE_CALLERS callers (default 4) keep recording one
 * event at a time through the engine (a commit each, as recordEvent does without HTTP). Prints the
 * members and events re-evaluated a second, and the live calls' latency. A fresh database is used
 * and dropped afterwards.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRuntime } from '../src/app/runtime';
import { EVENT_TYPES, EventType } from '../src/contract';
import { createTestEvent } from '../src/kit';
import { loadConfig } from '../src/platform/config';
import { RecomputeJobReads, RecomputeJobRunner } from '../src/rule-versions/recompute-jobs';
import { RuleVersionReads } from '../src/rule-versions/rule-version-store';
import { RulesPublisher } from '../src/rule-versions/rules-publisher';
import { createTestDatabase } from '../test/support/test-database';

const SEED_BATCH = 500;
/** The shipped rules, from the source tree (the bench runs from dist-bench/bench). */
const RULES_FILE = path.resolve(__dirname, '../../rules/default.yaml');

async function main(): Promise<void> {
  const memberCount = Number(process.env.BENCH_MEMBERS ?? 2_000);
  const eventsPerMember = Number(process.env.BENCH_EVENTS_PER_MEMBER ?? 20);
  const liveCallers = Number(process.env.BENCH_LIVE_CALLERS ?? 4);
  const database = await createTestDatabase('bench_recompute');
  const runtime = await createRuntime(
    loadConfig({ DATABASE_URL: database.url, RULES_FILE, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10', RECOMPUTE_LANES: process.env.RECOMPUTE_LANES }),
    'bench',
  );
  try {
    const members = Array.from({ length: memberCount }, () => randomUUID());
    const seedStarted = performance.now();
    let pending: Parameters<typeof runtime.engine.process>[0][number][] = [];
    for (let round = 0; round < eventsPerMember; round++) {
      for (const [index, userId] of members.entries()) {
        const type = EVENT_TYPES[(index + round) % EVENT_TYPES.length];
        const raw = createTestEvent(type, { userId });
        pending.push({ raw, fallbackId: raw.id!, producer: 'service' });
        if (pending.length === SEED_BATCH) {
          await runtime.engine.process(pending);
          pending = [];
        }
      }
    }
    if (pending.length > 0) await runtime.engine.process(pending);
    const [{ stored }] = await database.query<{ stored: string }>('SELECT count(*) AS stored FROM events');
    log(`seeded ${memberCount} members × ${eventsPerMember} events (${stored} stored) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    // As autovacuum would by the time a season's rules change: plans on never-analysed tables made the recompute 4.6× slower at 10,000 members.
    await database.query('ANALYZE');

    const text = readFileSync(RULES_FILE, 'utf8').replace(/points: (\d+)/, (_match, points: string) => `points: ${Number(points) + 1}`);
    const publisher = new RulesPublisher(runtime.database, new RuleVersionReads(runtime.database), runtime.logger, (published) => runtime.rules.adopt(published));
    const publication = await publisher.publish({ document: text, note: 'bench', dryRun: false, principal: 'bench', recompute: 'ALL_MEMBERS', notify: false });
    if (!publication.job) throw new Error(`no recompute job: ${JSON.stringify(publication.errors)}`);
    const runner = new RecomputeJobRunner(
      runtime.database,
      runtime.corrections.store,
      runtime.corrections.recompute,
      { membersPerSecond: 1_000_000, leaseMs: 600_000, lanes: runtime.config.RECOMPUTE_LANES },
      runtime.logger,
    );

    let running = true;
    const latencies: number[] = [];
    const live = Array.from({ length: liveCallers }, async () => {
      while (running) {
        const raw = createTestEvent(EventType.DAILY_LOGIN, { userId: members[Math.floor(Math.random() * members.length)] });
        const started = performance.now();
        await runtime.engine.process([{ raw, fallbackId: raw.id!, producer: 'service' }]);
        latencies.push(performance.now() - started);
      }
    });
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    while ((await runner.round()) > 0);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    running = false;
    await Promise.all(live);

    const job = (await new RecomputeJobReads(runtime.database).get(publication.job.id))!;
    const sorted = latencies.sort((a, b) => a - b);
    const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
    const events = Number(stored);
    console.log(`
Recompute (backfill of a rule publication) — ${memberCount} members × ${eventsPerMember} events, default rules with one rule's points changed

| members | events re-evaluated | status | seconds | members/s | events/s | bench process CPU µs/event | members changed | skipped | errors |
|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|
| ${job.processed} | ${events} | ${job.status} | ${seconds.toFixed(1)} | ${Math.round(job.processed / seconds)} | ${Math.round(events / seconds)} | ${Math.round((cpu.user + cpu.system) / events)} | ${job.impact.membersAffected} | ${job.skipped} | ${job.errorCount} |

Live traffic meanwhile: ${liveCallers} callers, ${latencies.length} events, one commit each through the engine (no HTTP):
p50 ${percentile(50).toFixed(1)} ms, p99 ${percentile(99).toFixed(1)} ms, max ${percentile(100).toFixed(1)} ms`);
  } finally {
    await runtime.close();
    await database.drop();
  }
}

function log(message: string): void {
  console.error(`bench: ${message}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
