import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { eventually, freePort } from '../test/support/spawn-process';
import { TEST_JWT_SECRET } from '../test/support/tokens';

/** What one load run measured. */
export interface LoadResult {
  label: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** 2xx responses whose body is not a GraphQL result with `data` and without `errors`. */
  failedResults: number;
  /** CPU time the API process spent per request (user + system), when its pid was given. */
  serverCpuMicrosPerRequest?: number;
}

export interface LoadOptions {
  label: string;
  /** One or more API nodes; the connections are split evenly across them. */
  url: string | readonly string[];
  token: string;
  /** GraphQL request bodies, sent in turn (one per request). */
  bodies: readonly string[];
  connections: number;
  seconds: number;
  /** The API processes, to measure their CPU time per request. */
  serverPid?: number | readonly (number | undefined)[];
  /** Requests per second over all connections (an open-model load); as fast as answers come when absent. */
  overallRate?: number;
}

/**
 * Drives POST /graphql with autocannon at a fixed number of connections (each keeps one request
 * in flight), cycling through pre-built bodies so the load generator does no work per request
 * beyond sending. Several API nodes get one autocannon each, at the same time. Latency
 * percentiles are computed from every response time of every node.
 */
export async function graphqlLoad(options: LoadOptions): Promise<LoadResult> {
  const urls = typeof options.url === 'string' ? [options.url] : options.url;
  const pids = [options.serverPid ?? []].flat().filter((pid): pid is number => pid !== undefined);
  let next = 0;
  let failedResults = 0;
  const times: number[] = [];
  const cpuBefore = pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  const runs = await Promise.all(
    urls.map(
      (url, index) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const connections = Math.floor(options.connections / urls.length) + (index < options.connections % urls.length ? 1 : 0);
          const instance = autocannon(
            {
              url: `${url}/graphql`,
              connections,
              duration: options.seconds,
              ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate / urls.length }),
              headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
              requests: [
                {
                  method: 'POST',
                  setupRequest: (request) => ({ ...request, body: options.bodies[next++ % options.bodies.length] }),
                  onResponse: (status, body) => {
                    if (status < 300 && !isGraphqlData(body)) failedResults++;
                  },
                },
              ],
            },
            (error, finished) => (error ? reject(error) : resolve(finished)),
          );
          instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
        }),
    ),
  );
  times.sort((a, b) => a - b);
  const percentile = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  const requests = runs.reduce((sum, run) => sum + run.requests.total, 0);
  const duration = Math.max(...runs.map((run) => run.duration));
  const cpuAfter = pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  return {
    label: options.label,
    connections: options.connections,
    seconds: duration,
    requests,
    requestsPerSecond: requests / duration,
    p50: percentile(50),
    p95: percentile(95),
    p99: percentile(99),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors + run.timeouts, 0),
    failedResults,
    ...(pids.length === 0 ? {} : { serverCpuMicrosPerRequest: ((cpuAfter - cpuBefore) * 1e6) / requests }),
  };
}

function isGraphqlData(body: string): boolean {
  return body.startsWith('{"data":') && !body.includes('"errors":');
}

/** User + system CPU seconds a process used so far (Linux /proc; clock ticks of 10 ms). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A table of load results, in Markdown (pasted as-is into bench/RESULTS.md). */
export function loadTable(results: readonly LoadResult[]): string {
  const lines = [
    '| run | connections | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx / errors / failed results | API CPU µs/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.connections} | ${r.requests.toLocaleString('en-US')} | ${Math.round(r.requestsPerSecond).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.non2xx} / ${r.errors} / ${r.failedResults} | ${r.serverCpuMicrosPerRequest === undefined ? '' : Math.round(r.serverCpuMicrosPerRequest)} |`,
    ),
  ];
  return lines.join('\n');
}

/** `serve` from the built binary as its own process, logs to a file (as in production, not through this process). */
export async function startApiProcess(env: Record<string, string>, logFile: string): Promise<StartedProcess> {
  const port = await freePort();
  return startMainProcess('serve', { PORT: String(port), HOST: '127.0.0.1', ...env }, `http://127.0.0.1:${port}`, logFile);
}

export interface StartedProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `node dist/main.js <command>` as its own production-mode process logging to `logFile`; ready
 * once `${url}/health/ready` answers (the API's port, or a worker's OPS_PORT).
 */
export async function startMainProcess(command: string, env: Record<string, string>, url: string, logFile: string): Promise<StartedProcess> {
  const log = openSync(logFile, 'w');
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the process (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.resolve(__dirname, '../../dist/main.js'), command], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, MEMBER_DATA_KEY: 'bench-only-member-data-key-0123456789', PRINT_DEV_TOKENS: 'false', KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}); see ${logFile}`);
      return (await fetch(`${url}/health/ready`)).ok;
    }, 60_000, 200);
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      closeSync(log);
    },
  };
}
