/**
 * `npm run bench:recompute`: a rule publication's backfill (issue 13) on the real PostgreSQL.
 *
 * Seeds BENCH_MEMBERS members (default 2,000) × BENCH_EVENTS_PER_MEMBER events (default 20, all 36
 * types round-robin) through the engine under the default rules, publishes the default rules with
 * one rule's points changed and `recompute: ALL_MEMBERS`, and runs the recompute job to its end in
 * this process with no rate bound (RECOMPUTE_LANES chunks at once, default 3, of RECOMPUTE_CHUNK_MEMBERS members, default 50), while
 * BENCH_LIVE_CALLERS callers (default 4) keep recording one event at a time through the engine (a
 * commit each, as recordEvent does without HTTP): as fast as they can, or with BENCH_LIVE_RATE
 * (events a second, all callers together) on a fixed schedule, each event's latency counted from
 * the time it was due (a slow answer delays the caller's next events, and they count that wait). BENCH_MEMBERS_PER_SECOND bounds the job's rate
 * (RECOMPUTE_MEMBERS_PER_SECOND; unbounded by default). Prints the members and events re-evaluated
 * a second and CPU per event, and the live calls' latency during the job and, for comparison, in
 * the 15 s before it (live traffic alone). A fresh database is used and dropped afterwards; with
 * BENCH_SEED_DATABASE=<name> the seeded database is kept under that name and later runs start
 * from a copy of it instead of seeding again.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRuntime, type Runtime } from '../src/app/runtime';
import { EVENT_TYPES } from '../src/contract';
import type { EventInput } from '../src/engine/gamification-engine';
import { createTestEvent } from '../src/kit';
import { loadConfig } from '../src/platform/config';
import { RecomputeJobReads, RecomputeJobRunner } from '../src/rule-versions/recompute-jobs';
import { RuleVersionReads } from '../src/rule-versions/rule-version-store';
import { RulesPublisher } from '../src/rule-versions/rules-publisher';
import { latencySummary, liveTraffic, SHIPPED_RULES_FILE as RULES_FILE } from './engine-callers';
import { backendPids, cpuSecondsBetween, cpuSnapshot } from './process-cpu';
import { createTestDatabase, renameTestDatabase, testDatabaseExists, type TestDatabase } from '../test/support/test-database';

const SEED_BATCH = 1_000;
const SEED_LANES = 2;
/** Live traffic alone first, for how the machine answers without the job (same minutes). */
const LIVE_ALONE_SECONDS = 15;

async function main(): Promise<void> {
  const memberCount = Number(process.env.BENCH_MEMBERS ?? 2_000);
  const eventsPerMember = Number(process.env.BENCH_EVENTS_PER_MEMBER ?? 20);
  const liveCallers = Number(process.env.BENCH_LIVE_CALLERS ?? 4);
  const liveRate = process.env.BENCH_LIVE_RATE === undefined ? undefined : Number(process.env.BENCH_LIVE_RATE);
  const database = await seededDatabase(memberCount, eventsPerMember, process.env.BENCH_SEED_DATABASE);
  const runtime = await createRuntime(
    loadConfig({
      DATABASE_URL: database.url,
      RULES_FILE,
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '10',
      RECOMPUTE_LANES: process.env.RECOMPUTE_LANES,
      RECOMPUTE_CHUNK_MEMBERS: process.env.RECOMPUTE_CHUNK_MEMBERS,
    }),
    'bench',
  );
  try {
    const members = (await database.query<{ user_id: string }>('SELECT user_id FROM profiles')).map((row) => row.user_id);
    const [{ stored }] = await database.query<{ stored: string }>('SELECT count(*) AS stored FROM events');

    const text = readFileSync(RULES_FILE, 'utf8').replace(/points: (\d+)/, (_match, points: string) => `points: ${Number(points) + 1}`);
    const publisher = new RulesPublisher(runtime.database, new RuleVersionReads(runtime.database), runtime.logger, (published) => runtime.rules.adopt(published));
    const publication = await publisher.publish({ document: text, note: 'bench', dryRun: false, principal: 'bench', recompute: 'ALL_MEMBERS', notify: false });
    if (!publication.job) throw new Error(`no recompute job: ${JSON.stringify(publication.errors)}`);
    const runner = new RecomputeJobRunner(
      runtime.database,
      runtime.corrections.store,
      runtime.corrections.recompute,
      {
        membersPerSecond: Number(process.env.BENCH_MEMBERS_PER_SECOND ?? 1_000_000),
        leaseMs: 600_000,
        lanes: runtime.config.RECOMPUTE_LANES,
        chunkMembers: runtime.config.RECOMPUTE_CHUNK_MEMBERS,
      },
      runtime.logger,
    );

    const live = (seconds?: number) => liveTraffic(runtime.engine, members, { callers: liveCallers, rate: liveRate, seconds });
    const quiet = await live(LIVE_ALONE_SECONDS).stopped;
    const during = await live();
    const cpuBefore = process.cpuUsage();
    const postgresBefore = cpuSnapshot(await backendPids(database));
    const started = performance.now();
    while ((await runner.round()) > 0);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const postgresSeconds = cpuSecondsBetween(postgresBefore, cpuSnapshot(await backendPids(database)));
    during.stop();
    const latencies = await during.stopped;

    const job = (await new RecomputeJobReads(runtime.database).get(publication.job.id))!;
    const events = Number(stored);
    console.log(`
Recompute (backfill of a rule publication) — ${memberCount} members × ${eventsPerMember} events, default rules with one rule's points changed

| members | events re-evaluated | status | seconds | members/s | events/s | CPU µs/event: bench process / PostgreSQL | members changed | skipped | errors |
|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|
| ${job.processed} | ${events} | ${job.status} | ${seconds.toFixed(1)} | ${Math.round(job.processed / seconds)} | ${Math.round(events / seconds)} | ${Math.round((cpu.user + cpu.system) / events)} / ${Math.round((postgresSeconds * 1e6) / events)} | ${job.impact.membersAffected} | ${job.skipped} | ${job.errorCount} |

Live traffic, ${liveCallers} callers, ${liveRate === undefined ? 'as fast as they can' : `${liveRate} events/s in all`}, one commit each through the engine (no HTTP):
- alone, the ${LIVE_ALONE_SECONDS} s before the job: ${latencySummary(quiet)}
- during the job: ${latencySummary(latencies)}`);
  } finally {
    await runtime.close();
    await database.drop();
  }
}

/**
 * A database with `memberCount` members × `eventsPerMember` events, as the engine stores them.
 * With `keep` (BENCH_SEED_DATABASE, a database name): a copy of that database when it exists
 * (seeded by an earlier run: a copy takes seconds where seeding 100,000 × 20 takes minutes), else
 * seeded and then kept under that name for the next runs. The copy is migrated to this build's
 * schema when the runtime starts, as a deployment's database is.
 */
async function seededDatabase(memberCount: number, eventsPerMember: number, keep: string | undefined): Promise<TestDatabase> {
  if (keep !== undefined && (await testDatabaseExists(keep))) {
    const started = performance.now();
    const copy = await createTestDatabase('bench_recompute', keep);
    log(`copied the seeded database ${keep} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return copy;
  }
  const database = await createTestDatabase('bench_recompute');
  const runtime = await createRuntime(loadConfig({ DATABASE_URL: database.url, RULES_FILE, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '10' }), 'bench-seed');
  try {
    const started = performance.now();
    await seed(runtime.engine, memberCount, eventsPerMember);
    const [{ stored }] = await database.query<{ stored: string }>('SELECT count(*) AS stored FROM events');
    log(`seeded ${memberCount} members × ${eventsPerMember} events (${stored} stored) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // As autovacuum would by the time a season's rules change: plans on never-analysed tables made the recompute 4.6× slower at 10,000 members.
    await database.query('ANALYZE');
  } finally {
    await runtime.close();
  }
  if (keep === undefined) return database;
  await database.close();
  await renameTestDatabase(database.name, keep);
  log(`kept the seeded database as ${keep}`);
  return createTestDatabase('bench_recompute', keep);
}

/**
 * Seeds through the engine as live traffic would: round after round, each member one event a
 * round (all 36 types round-robin), so a member's events are interleaved with everyone else's.
 * A round's batches go SEED_LANES at once (disjoint members: each member once a round).
 */
async function seed(engine: Runtime['engine'], memberCount: number, eventsPerMember: number): Promise<void> {
  const members = Array.from({ length: memberCount }, () => randomUUID());
  for (let round = 0; round < eventsPerMember; round++) {
    const batches: EventInput[][] = [];
    for (let from = 0; from < memberCount; from += SEED_BATCH) {
      batches.push(
        members.slice(from, from + SEED_BATCH).map((userId, offset) => {
          const raw = createTestEvent(EVENT_TYPES[(from + offset + round) % EVENT_TYPES.length], { userId });
          return { raw, fallbackId: raw.id!, producer: 'service' as const };
        }),
      );
    }
    await Promise.all(
      Array.from({ length: SEED_LANES }, async () => {
        for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) await engine.process(batch);
      }),
    );
  }
}

function log(message: string): void {
  console.error(`bench: ${message}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
