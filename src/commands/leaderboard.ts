import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { redisEndpoint, type RedisClient } from '../platform/redis';
import { createRuntime } from '../app/runtime';
import { LeaderboardRebuild } from '../leaderboards/leaderboard-rebuild';
import { onLeaderboardStore } from '../leaderboards/leaderboard-store-error';
import { leaderboardStore } from '../leaderboards/leaderboards';
import { RedisMemberListing } from '../leaderboards/redis-member-listing';
import { ConfigError, type AppConfig } from '../platform/config';

const READY_TIMEOUT_MS = 10_000;
const USAGE = 'usage: gamification leaderboard rebuild [--page-size N]';

/**
 * `leaderboard rebuild`: recompute every Redis board from the points ledger and swap the result
 * in atomically while the API and the outbox relay keep running; then copy who hides and which
 * names were chosen from member_settings.
 */
export async function leaderboard(config: AppConfig, args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { 'page-size': { type: 'string', default: '5000' } } });
  const pageSize = Number(values['page-size']);
  if (positionals[0] !== 'rebuild' || positionals.length !== 1 || !Number.isInteger(pageSize) || pageSize < 1) {
    throw new ConfigError(USAGE);
  }
  const endpoint = redisEndpoint(config);
  if (endpoint === undefined) {
    throw new ConfigError('neither REDIS_URL nor REDIS_CLUSTER_NODES is set: without Redis the leaderboards are computed from the database and need no rebuild');
  }
  const runtime = await createRuntime(config, 'leaderboard');
  const { redis, keys } = leaderboardStore(config, endpoint, runtime.logger);
  try {
    await untilReady(redis);
    const report = await new LeaderboardRebuild(runtime.database, redis, keys, config.TIMEZONE, runtime.logger).run({ pageSize });
    const listing = await new RedisMemberListing(redis, keys).resync(runtime.database);
    process.stdout.write(
      `rebuilt ${report.boards} boards for ${report.members} members (${report.entries} entries, ${report.replayed} live awards replayed) in ${report.seconds.toFixed(1)} s; ` +
        `${listing.hidden} hidden members, ${listing.named} chosen names\n`,
    );
  } finally {
    redis.disconnect();
    await runtime.close();
  }
}

async function untilReady(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') return;
  await onLeaderboardStore(() =>
    Promise.race([once(redis, 'ready'), new Promise((_, reject) => setTimeout(() => reject(new Error(`no connection within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS).unref())]),
  );
}
