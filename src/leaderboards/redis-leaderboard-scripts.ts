import type { Result } from 'ioredis';
import type { RedisClient } from '../platform/redis';

/**
 * The two Lua scripts that change live boards. Each runs atomically in Redis, so a board is
 * never seen half-updated and the "last applied outbox id" check cannot race with the update.
 * Scores use the arithmetic of leaderboard-score.ts (doubles in Lua and JavaScript alike).
 */

/** Adds `points` reached at `t` to a member's score on one board (shared by both scripts). */
const ADD_TO_BOARD = `
local SHIFT = 4294967296
local EXACT = 9007199254740992

local function add_to_board(key, member, points, t, expires_at)
  local old = redis.call('ZSCORE', key, member)
  if old then
    local score = tonumber(old)
    local old_points = math.ceil(-score / SHIFT)
    local old_t = score + old_points * SHIFT
    points = points + old_points
    if old_t > t then t = old_t end
  end
  local step = 1
  while (points + 1) * SHIFT > EXACT * step do step = step * 2 end
  local score = math.floor(t / step) * step - points * SHIFT
  redis.call('ZADD', key, string.format('%.17g', score), member)
  if expires_at > 0 then redis.call('EXPIREAT', key, expires_at) end
end

local function is_new(applied_key, member, id)
  local last = redis.call('HGET', applied_key, member)
  return (not last) or tonumber(id) > tonumber(last)
end
`;

/** Seconds the rebuild marker and its journal live without being renewed. */
export const REBUILD_LEASE_SECONDS = 600;

/**
 * KEYS: applied hash, rebuild marker, journal, then the boards. ARGV[1]: JSON array of awards
 * `{ u: userId, id: outboxId, p: points, t: reachedAtSeconds, k: [[boardKeyIndex, expiresAt]] }`.
 * Skips awards whose outbox id is not above the member's last applied one; journals the rest
 * while a rebuild runs. Returns how many awards it applied.
 */
const APPLY_AWARDS = `${ADD_TO_BOARD}
local applied_key, marker_key, journal_key = KEYS[1], KEYS[2], KEYS[3]
local journaling = redis.call('EXISTS', marker_key) == 1
local applied = 0
for _, award in ipairs(cjson.decode(ARGV[1])) do
  if is_new(applied_key, award.u, award.id) then
    local slots = {}
    for _, slot in ipairs(award.k) do
      local key = KEYS[slot[1]]
      add_to_board(key, award.u, award.p, award.t, slot[2])
      slots[#slots + 1] = { key, slot[2] }
    end
    redis.call('HSET', applied_key, award.u, award.id)
    if journaling then
      redis.call('RPUSH', journal_key, cjson.encode({ u = award.u, id = award.id, p = award.p, t = award.t, k = slots }))
    end
    applied = applied + 1
  end
end
if journaling then redis.call('EXPIRE', journal_key, ${REBUILD_LEASE_SECONDS}) end
return applied
`;

/**
 * KEYS: rebuild marker, journal, applied hash, rebuilt applied hash. ARGV: rebuild id, live
 * prefix, next prefix, JSON array of rebuilt live keys, JSON array of live keys found before.
 * Replays the journal onto the rebuilt boards (skipping awards the rebuild's snapshot already
 * counted), then swaps every board in and drops live boards the ledger no longer backs.
 * Returns how many journalled awards it replayed.
 */
const SWAP_REBUILT = `${ADD_TO_BOARD}
local marker_key, journal_key, applied_key, applied_next_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('GET', marker_key) ~= ARGV[1] then
  return redis.error_reply('ERR leaderboard rebuild lease lost (expired or taken over); nothing swapped')
end
local live_prefix, next_prefix = ARGV[2], ARGV[3]
local function next_of(live) return next_prefix .. string.sub(live, #live_prefix + 1) end
local boards = {}
for _, live in ipairs(cjson.decode(ARGV[4])) do boards[live] = true end
local replayed = 0
for _, entry in ipairs(redis.call('LRANGE', journal_key, 0, -1)) do
  local award = cjson.decode(entry)
  if is_new(applied_next_key, award.u, award.id) then
    for _, slot in ipairs(award.k) do
      add_to_board(next_of(slot[1]), award.u, award.p, award.t, slot[2])
      boards[slot[1]] = true
    end
    redis.call('HSET', applied_next_key, award.u, award.id)
    replayed = replayed + 1
  end
end
for _, live in ipairs(cjson.decode(ARGV[5])) do
  if not boards[live] then redis.call('UNLINK', live) end
end
for live in pairs(boards) do
  redis.call('UNLINK', live)
  if redis.call('EXISTS', next_of(live)) == 1 then redis.call('RENAME', next_of(live), live) end
end
redis.call('UNLINK', applied_key)
if redis.call('EXISTS', applied_next_key) == 1 then redis.call('RENAME', applied_next_key, applied_key) end
redis.call('DEL', marker_key, journal_key)
return replayed
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    leaderboardApplyAwards(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Result<number, Context>;
    leaderboardSwapRebuilt(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Result<number, Context>;
  }
}

/** Registers the scripts on a client (ioredis runs them by SHA, loading them on first use). */
export function defineLeaderboardScripts<Client extends RedisClient>(redis: Client): Client {
  redis.defineCommand('leaderboardApplyAwards', { lua: APPLY_AWARDS });
  redis.defineCommand('leaderboardSwapRebuilt', { lua: SWAP_REBUILT });
  return redis;
}
