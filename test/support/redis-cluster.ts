import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisNode } from '../../src/platform/redis';
import { eventually, freePort } from './spawn-process';

const run = promisify(execFile);
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';
const MASTERS = 3;

/** A Redis Cluster a suite runs against: 3 masters with a replica each. */
export interface RedisClusterUnderTest {
  /** Every node, as REDIS_CLUSTER_NODES takes them. */
  readonly nodes: readonly RedisNode[];
  /** `host:port,...` for REDIS_CLUSTER_NODES. */
  readonly setting: string;
  /** The master that serves `key`'s slot now. */
  masterOf(key: string): Promise<RedisNode>;
  /**
   * Fails `master` over to its replica (`CLUSTER FAILOVER` on the replica, which waits for it to
   * catch up) and, on a cluster this suite started, SIGKILLs the old master once demoted.
   * Resolves with the new master once every node agrees on it.
   */
  failOver(master: RedisNode): Promise<RedisNode>;
  stop(): Promise<void>;
}

/**
 * The cluster of REDIS_CLUSTER_NODES when set (its processes are not ours to kill: a failover
 * there only switches roles), else six redis-servers in cluster mode on free ports, each in a
 * temporary directory without persistence, joined by `redis-cli --cluster create`.
 */
export async function startRedisCluster(): Promise<RedisClusterUnderTest> {
  const given = process.env.REDIS_CLUSTER_NODES;
  if (given) return clusterOf(given.split(',').map(parseNode), new Map(), () => undefined);
  const root = mkdtempSync(path.join(tmpdir(), 'redis-cluster-'));
  const processes = new Map<string, ChildProcess>();
  const stopAll = () => {
    for (const child of processes.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const nodes: RedisNode[] = [];
    for (let i = 0; i < MASTERS * 2; i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      const dir = path.join(root, String(port));
      const args = ['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--dir', root, '--cluster-enabled', 'yes'];
      args.push('--cluster-config-file', `${dir}-nodes.conf`, '--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no', '--logfile', `${dir}.log`);
      processes.set(keyOf({ host: '127.0.0.1', port }), spawn(REDIS_SERVER, args, { stdio: 'ignore' }));
      nodes.push({ host: '127.0.0.1', port });
    }
    await Promise.all(nodes.map((node) => eventually(() => withNode(node, async (redis) => (await redis.ping()) === 'PONG'), 10_000, 50)));
    await run(REDIS_CLI, ['--cluster', 'create', ...nodes.map(keyOf), '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30_000 });
    await untilConsistent(nodes);
    const masters = await Promise.all(nodes.map((node) => withNode(node, async (redis) => ((await redis.role())[0] === 'master' ? node : undefined))));
    await Promise.all(masters.map((master) => master && eventually(() => withNode(master, replicaOf), 20_000, 50)));
    return clusterOf(nodes, processes, stopAll);
  } catch (error) {
    stopAll();
    throw error;
  }
}

function clusterOf(nodes: RedisNode[], processes: Map<string, ChildProcess>, stopAll: () => void): RedisClusterUnderTest {
  const running = (child: ChildProcess | undefined) => child !== undefined && child.exitCode === null && child.signalCode === null;
  const alive = () => nodes.filter((node) => processes.size === 0 || running(processes.get(keyOf(node))));
  return {
    nodes,
    setting: nodes.map(keyOf).join(','),
    masterOf: async (key) => {
      const slot = await withNode(alive()[0], (redis) => redis.cluster('KEYSLOT', key));
      return ownerOf(alive(), slot);
    },
    failOver: async (master) => {
      const replica = parseNode(await eventually(() => withNode(master, replicaOf), 20_000, 50));
      await withNode(replica, (redis) => redis.cluster('FAILOVER'));
      await eventually(() => withNode(replica, async (redis) => (await redis.role())[0] === 'master'), 20_000, 50);
      const child = processes.get(keyOf(master));
      if (child) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      await untilConsistent(alive());
      return replica;
    },
    stop: async () => stopAll(),
  };
}

/** Every node reports `cluster_state:ok` and the same master for each of the three slot ranges. */
async function untilConsistent(nodes: readonly RedisNode[]): Promise<void> {
  await eventually(
    async () => {
      const views = await Promise.all(
        nodes.map((node) =>
          withNode(node, async (redis) => {
            const info = String(await redis.cluster('INFO'));
            if (!info.includes('cluster_state:ok')) return undefined;
            const slots = await redis.cluster('SLOTS');
            return JSON.stringify(slots.map(([from, to, owner]) => [from, to, owner[0], owner[1]]).sort((a, b) => Number(a[0]) - Number(b[0])));
          }),
        ),
      );
      return views.every((view) => view !== undefined && view === views[0]) && views[0] !== JSON.stringify([]);
    },
    30_000,
    50,
  );
}

async function ownerOf(nodes: readonly RedisNode[], slot: number): Promise<RedisNode> {
  const slots = await withNode(nodes[0], (redis) => redis.cluster('SLOTS'));
  const owner = slots.find(([from, to]) => slot >= from && slot <= to)?.[2];
  if (!owner) throw new Error(`no node serves slot ${slot}`);
  return { host: owner[0], port: Number(owner[1]) };
}

/** `ip:port` of the first online replica of the master `redis` is connected to, if any. */
async function replicaOf(redis: Redis): Promise<string | undefined> {
  const line = /^slave0:ip=([^,]+),port=(\d+),state=online/m.exec(await redis.info('replication'));
  return line ? `${line[1]}:${line[2]}` : undefined;
}

async function withNode<T>(node: RedisNode, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ host: node.host, port: node.port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

function keyOf(node: RedisNode): string {
  return `${node.host}:${node.port}`;
}

function parseNode(text: string): RedisNode {
  const colon = text.lastIndexOf(':');
  return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
}
