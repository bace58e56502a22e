/**
 * `npm run bench:read-abuse`: can one member's reads slow everyone else's writes?
 *
 * Starts `serve` from the built binary (production mode, Redis) on a fresh database whose
 * attacking member already has ATTACKER_LEDGER_LINES ledger lines. Honest traffic is
 * `recordEvent` for 1,000 other members at a fixed BENCH_RATE (default 200 requests/s, 16
 * connections) for BENCH_SECONDS (default 10) per phase:
 *   1. quiet: honest traffic alone;
 *   2. alias attack: meanwhile the attacker's member token sends, from BENCH_ATTACK_LOOPS (6)
 *      concurrent loops, one query of 1,000 aliased `pointsHistory(limit: 200)` after another;
 *   3. list flood: the same loops send single `pointsHistory(limit: 200)` queries (each allowed).
 * Prints the honest `recordEvent` latencies per phase and how the attacker was answered.
 * Target (issue 10): other members' recordEvent p99 < 50 ms under attack.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { EventType } from '../src/kit';
import { createTestDatabase } from '../test/support/test-database';
import { serviceToken, userToken } from '../test/support/tokens';
import { recordEventBodies } from './event-bodies';
import { graphqlLoad, loadTable, startApiProcess, type LoadResult } from './http-load';
import { machineState } from './machine-state';
import { forgetRedisKeys } from './redis-keys';

const ATTACKER_LEDGER_LINES = 300;
const HISTORY_FIELDS = 'id eventId eventType journey sourceType sourceKey points occurredAt createdAt';
// Two fields keep 1,000 aliases within the 64 KB body limit; the answer is ~4.4 MB.
const ALIAS_ATTACK = `query Attack($u: ID!) { ${Array.from({ length: 1000 }, (_, index) => `h${index}: pointsHistory(userId: $u, limit: 200) { id points }`).join(' ')} }`;
const LIST_FLOOD = `query Flood($u: ID!) { pointsHistory(userId: $u, limit: 200) { ${HISTORY_FIELDS} } }`;

interface AttackTally {
  byStatus: Map<number, number>;
  bytes: number;
  slowestMs: number;
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const rate = Number(process.env.BENCH_RATE ?? 200);
  const loops = Number(process.env.BENCH_ATTACK_LOOPS ?? 6);
  const database = await createTestDatabase('bench_read_abuse');
  const attacker = randomUUID();
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    CHANNEL_PREFIX: `bench-read-abuse-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'warn',
  };
  const machine = await machineState(database.url);
  log(machine);
  const api = await startApiProcess(env, `${os.tmpdir()}/bench-read-abuse-${process.pid}.log`);
  const results: LoadResult[] = [];
  const attacks: { label: string; tally: AttackTally }[] = [];
  api.child.once('exit', (code, signal) => log(`serve exited (${code ?? signal})`));
  try {
    // After `serve` migrated the new database.
    await database.query(
      `INSERT INTO points_ledger (user_id, event_id, event_type, journey, source_type, source_key, points, occurred_at)
       SELECT $1, 'seed-' || n, 'DAILY_LOGIN', 'user', 'rule', 'daily-login', 5, now() - n * interval '1 minute' FROM generate_series(1, $2) AS n`,
      [attacker, ATTACKER_LEDGER_LINES],
    );
    const honestBodies = recordEventBodies(Array.from({ length: 1000 }, () => randomUUID()), Math.ceil(rate * seconds * 6.5), EventType.HEALTH_METRIC_RECORDED);
    const service = await serviceToken();
    const attackerToken = await userToken(attacker);
    const honest = (label: string) => graphqlLoad({ label, url: api.url, token: service, bodies: honestBodies.next(Math.ceil(rate * seconds * 1.5)), connections: 16, seconds, overallRate: rate });

    log('warm-up');
    await honest('warm-up');
    results.push(await honest('recordEvent, quiet'));
    log(loadTable(results.slice(-1)));
    for (const [label, query] of [
      ['recordEvent, alias attack', ALIAS_ATTACK],
      ['recordEvent, list flood', LIST_FLOOD],
    ] as const) {
      const stop = new AbortController();
      const attack = attackLoops(api.url, attackerToken, JSON.stringify({ query, variables: { u: attacker } }), loops, stop.signal);
      results.push(await honest(label));
      stop.abort();
      attacks.push({ label, tally: await attack });
      log(loadTable(results.slice(-1)));
    }
  } finally {
    await api.stop();
    await database.drop();
    await forgetRedisKeys(env.REDIS_URL, env.CHANNEL_PREFIX);
  }
  const attackLines = attacks.map(
    ({ label, tally }) =>
      `| ${label.replace('recordEvent, ', '')} | ${[...tally.byStatus].map(([status, count]) => `${status}: ${count}`).join(', ')} | ${(tally.bytes / 1e6).toFixed(1)} | ${tally.slowestMs.toFixed(0)} |`,
  );
  process.stdout.write(
    `\nRead abuse, ${os.cpus().length} cores; honest recordEvent at ${rate} req/s (16 connections, 1,000 members), attacker ${loops} loops, ${seconds} s per phase\nbefore: ${machine}\n\n${loadTable(results)}\n\n` +
      `| attack | attacker's answers (HTTP status: count) | MB served to the attacker | slowest attacker answer ms |\n|---|---|---:|---:|\n${attackLines.join('\n')}\n`,
  );
}

/** `loops` clients sending `body` back to back with the attacker's token until `signal` aborts. */
async function attackLoops(url: string, token: string, body: string, loops: number, signal: AbortSignal): Promise<AttackTally> {
  const tally: AttackTally = { byStatus: new Map(), bytes: 0, slowestMs: 0 };
  const loop = async (): Promise<void> => {
    while (!signal.aborted) {
      const started = performance.now();
      try {
        const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, signal });
        tally.bytes += (await response.arrayBuffer()).byteLength;
        tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
        tally.slowestMs = Math.max(tally.slowestMs, performance.now() - started);
      } catch {
        // 0: no answer at all (connection refused or reset).
        if (!signal.aborted) tally.byStatus.set(0, (tally.byStatus.get(0) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  return tally;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
