import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually } from './spawn-process';

const KAFKA_SCRIPT = path.resolve(__dirname, '../../scripts/kafka.sh');
/** Where a test cluster's first port is looked for: below Linux's ephemeral range (32768+), away from the shared broker's 9092. */
const PORT_RANGE = { from: 20_000, to: 32_000 } as const;

/**
 * A Kafka cluster private to one test: `scripts/kafka.sh start --brokers N` on free ports with
 * its state in a temporary directory (the jars come from the shared KAFKA_CACHE_DIR), so the
 * single-node broker on 9092 that the other suites share is never touched.
 */
export interface KafkaTestCluster {
  /** KAFKA_BROKERS for the cluster: every broker's 127.0.0.1:port. */
  brokers: string;
  /** The broker id listening on `port`. */
  nodeIdOfPort(port: number): number;
  /** SIGKILLs broker `nodeId` (no controlled shutdown) and waits until its process is gone. */
  kill(nodeId: number): Promise<void>;
  /** Starts the brokers that are not running (the script leaves the others alone) and waits until all are registered. */
  restartMissing(): Promise<void>;
  /** SIGKILLs every broker of the cluster and deletes its directory (its state goes with it: no controlled shutdown to wait for). */
  stop(): Promise<void>;
}

export async function startKafkaTestCluster(brokerCount: number): Promise<KafkaTestCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kafka-cluster-'));
  const firstPort = await freePortRange(2 * brokerCount);
  const nodeIds = Array.from({ length: brokerCount }, (_, index) => index + 1);
  const cluster: KafkaTestCluster = {
    brokers: nodeIds.map((nodeId) => `127.0.0.1:${firstPort + nodeId - 1}`).join(','),
    nodeIdOfPort: (port) => port - firstPort + 1,
    kill: async (nodeId) => {
      const pid = await brokerPid(dir, nodeId);
      if (pid === undefined) throw new Error(`broker ${nodeId} of ${dir} is not running`);
      await killAndWait(pid);
    },
    restartMissing: () => runKafkaScript(['start', '--dir', dir]),
    stop: async () => {
      // `kafka.sh stop` would wait for each broker's controlled shutdown (seconds each, up to 20).
      await Promise.all(
        nodeIds.map(async (nodeId) => {
          const pid = await brokerPid(dir, nodeId);
          if (pid !== undefined) await killAndWait(pid);
        }),
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await runKafkaScript(['start', '--brokers', String(brokerCount), '--port', String(firstPort), '--dir', dir]);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** The pid of broker `nodeId` of the cluster in `dir` while it runs (its JVM's command line names its directory, so a recycled pid is not taken for it). */
async function brokerPid(dir: string, nodeId: number): Promise<number | undefined> {
  const nodeDir = path.join(dir, `broker-${nodeId}`);
  const pid = Number(await readFile(path.join(nodeDir, 'kafka.pid'), 'utf8').catch(() => ''));
  if (!pid || !isAlive(pid)) return undefined;
  return readProcFile(pid, 'cmdline')?.includes(nodeDir) ? pid : undefined;
}

async function killAndWait(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  await eventually(async () => !isAlive(pid), 10_000, 50);
}

/** True while `pid` runs (a zombie nobody reaped yet counts as gone: it holds no port and no file). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readProcFile(pid, 'stat');
  return stat !== undefined && !/^\d+ \(.*\) Z/.test(stat);
}

function readProcFile(pid: number, file: 'stat' | 'cmdline'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Runs `bash scripts/kafka.sh <args>`; rejects with its output when it exits non-zero. */
function runKafkaScript(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [KAFKA_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kafka.sh ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** The first of `count` consecutive ports on 127.0.0.1 that are all free right now. */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from - count));
    const ports = Array.from({ length: count }, (_, index) => first + index);
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) return first;
  }
  throw new Error(`no ${count} consecutive free ports between ${PORT_RANGE.from} and ${PORT_RANGE.to}`);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
