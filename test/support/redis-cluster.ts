import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisNode, RedisNodeSecurity } from '../../src/platform/redis';
import { eventually, freePort } from './spawn-process';

const run = promisify(execFile);
const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';
const OPENSSL = process.env.OPENSSL_BIN ?? '/usr/bin/openssl';
const MASTERS = 3;

/** A Redis Cluster a suite runs against: 3 masters with a replica each. */
export interface RedisClusterUnderTest {
  /** Every node, as REDIS_CLUSTER_NODES takes them. */
  readonly nodes: readonly RedisNode[];
  /** The engine's settings for this cluster: REDIS_CLUSTER_NODES and, on a cluster started here, its password, TLS and CA. */
  readonly settings: Record<string, string>;
  /** What a client presents to every node. */
  readonly security: RedisNodeSecurity;
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
 * there only switches roles; REDIS_CLUSTER_PASSWORD applies), else six redis-servers in cluster
 * mode on free ports, each in a temporary directory without persistence, joined by
 * `redis-cli --cluster create`. Those require a password and speak only TLS, to clients, to each
 * other (cluster bus) and to their replicas, with certificates of a CA made for the run.
 */
export async function startRedisCluster(): Promise<RedisClusterUnderTest> {
  const given = process.env.REDIS_CLUSTER_NODES;
  if (given) {
    const password = process.env.REDIS_CLUSTER_PASSWORD;
    const settings = { REDIS_CLUSTER_NODES: given, ...(password && { REDIS_CLUSTER_PASSWORD: password }) };
    return clusterOf(given.split(',').map(parseNode), { password }, settings, new Map(), () => undefined);
  }
  const root = mkdtempSync(path.join(tmpdir(), 'redis-cluster-'));
  const processes = new Map<string, ChildProcess>();
  const stopAll = () => {
    for (const child of processes.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const tls = await certificateAuthority(root);
    const password = randomBytes(18).toString('base64url');
    const security: RedisNodeSecurity = { password, tls: { ca: readFileSync(tls.ca, 'utf8') } };
    const nodes: RedisNode[] = [];
    for (let i = 0; i < MASTERS * 2; i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      const dir = path.join(root, String(port));
      const args = ['--port', '0', '--tls-port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1', '--dir', root, '--cluster-enabled', 'yes'];
      args.push(
        '--tls-cluster',
        'yes',
        '--tls-replication',
        'yes',
        '--tls-cert-file',
        tls.cert,
        '--tls-key-file',
        tls.key,
        '--tls-ca-cert-file',
        tls.ca,
        '--tls-auth-clients',
        'no',
      );
      args.push('--requirepass', password, '--masterauth', password);
      args.push('--cluster-config-file', `${dir}-nodes.conf`, '--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no', '--logfile', `${dir}.log`);
      processes.set(keyOf({ host: '127.0.0.1', port }), spawn(REDIS_SERVER, args, { stdio: 'ignore' }));
      nodes.push({ host: '127.0.0.1', port });
    }
    await Promise.all(nodes.map((node) => eventually(() => withNode(node, security, async (redis) => (await redis.ping()) === 'PONG'), 10_000, 50)));
    const cliSecurity = ['--tls', '--cacert', tls.ca];
    await run(REDIS_CLI, [...cliSecurity, '--cluster', 'create', ...nodes.map(keyOf), '--cluster-replicas', '1', '--cluster-yes'], {
      timeout: 30_000,
      env: { ...process.env, REDISCLI_AUTH: password },
    });
    await untilConsistent(nodes, security);
    const masters = await Promise.all(nodes.map((node) => withNode(node, security, async (redis) => ((await redis.role())[0] === 'master' ? node : undefined))));
    await Promise.all(masters.map((master) => master && eventually(() => withNode(master, security, replicaOf), 20_000, 50)));
    const settings = { REDIS_CLUSTER_NODES: nodes.map(keyOf).join(','), REDIS_CLUSTER_PASSWORD: password, REDIS_CLUSTER_TLS: 'true', REDIS_TLS_CA_FILE: tls.ca };
    return clusterOf(nodes, security, settings, processes, stopAll);
  } catch (error) {
    stopAll();
    throw error;
  }
}

/** A CA and a certificate for 127.0.0.1 signed by it, as PEM files under `root`. */
async function certificateAuthority(root: string): Promise<{ ca: string; cert: string; key: string }> {
  const [ca, caKey, cert, key, request, extensions] = ['ca.crt', 'ca.key', 'redis.crt', 'redis.key', 'redis.csr', 'san.ext'].map((name) => path.join(root, name));
  writeFileSync(extensions, 'subjectAltName=IP:127.0.0.1\n');
  await run(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '1', '-subj', '/CN=gamification test CA']);
  await run(OPENSSL, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', request, '-subj', '/CN=127.0.0.1']);
  await run(OPENSSL, ['x509', '-req', '-in', request, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '1', '-extfile', extensions]);
  return { ca, cert, key };
}

function clusterOf(
  nodes: RedisNode[],
  security: RedisNodeSecurity,
  settings: Record<string, string>,
  processes: Map<string, ChildProcess>,
  stopAll: () => void,
): RedisClusterUnderTest {
  const running = (child: ChildProcess | undefined) => child !== undefined && child.exitCode === null && child.signalCode === null;
  const alive = () => nodes.filter((node) => processes.size === 0 || running(processes.get(keyOf(node))));
  return {
    nodes,
    settings,
    security,
    masterOf: async (key) => {
      const slot = await withNode(alive()[0], security, (redis) => redis.cluster('KEYSLOT', key));
      return ownerOf(alive(), security, slot);
    },
    failOver: async (master) => {
      const replica = parseNode(await eventually(() => withNode(master, security, replicaOf), 20_000, 50));
      await withNode(replica, security, (redis) => redis.cluster('FAILOVER'));
      await eventually(() => withNode(replica, security, async (redis) => (await redis.role())[0] === 'master'), 20_000, 50);
      const child = processes.get(keyOf(master));
      if (child) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      await untilConsistent(alive(), security);
      return replica;
    },
    stop: async () => stopAll(),
  };
}

/** Every node reports `cluster_state:ok` and the same master for each of the three slot ranges. */
async function untilConsistent(nodes: readonly RedisNode[], security: RedisNodeSecurity): Promise<void> {
  await eventually(
    async () => {
      const views = await Promise.all(
        nodes.map((node) =>
          withNode(node, security, async (redis) => {
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

async function ownerOf(nodes: readonly RedisNode[], security: RedisNodeSecurity, slot: number): Promise<RedisNode> {
  const slots = await withNode(nodes[0], security, (redis) => redis.cluster('SLOTS'));
  const owner = slots.find(([from, to]) => slot >= from && slot <= to)?.[2];
  if (!owner) throw new Error(`no node serves slot ${slot}`);
  return { host: owner[0], port: Number(owner[1]) };
}

/** `ip:port` of the first online replica of the master `redis` is connected to, if any. */
async function replicaOf(redis: Redis): Promise<string | undefined> {
  const line = /^slave0:ip=([^,]+),port=(\d+),state=online/m.exec(await redis.info('replication'));
  return line ? `${line[1]}:${line[2]}` : undefined;
}

async function withNode<T>(node: RedisNode, security: RedisNodeSecurity, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ host: node.host, port: node.port, ...security, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
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
