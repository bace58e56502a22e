import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createConnection, type Socket } from 'node:net';
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
  /** CPU time this process (the load generator) spent per request: it shares the machine's cores with the API. */
  loadCpuMicrosPerRequest: number;
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
 * Drives POST /graphql at a fixed number of keep-alive connections (each keeps one request in
 * flight), cycling through pre-built bodies. The load generator shares the machine's cores with
 * the API, so it is a bare HTTP/1.1 client over `node:net`: each request's bytes are built before
 * the clock starts, and a response is read only as far as its status, Content-Length and the
 * start of its body (autocannon cost 2–3 times as much CPU per request). Several API nodes share
 * the connections evenly. Latency percentiles are over every response of every node.
 */
export async function graphqlLoad(options: LoadOptions): Promise<LoadResult> {
  const urls = typeof options.url === 'string' ? [options.url] : options.url;
  const pids = [options.serverPid ?? []].flat().filter((pid): pid is number => pid !== undefined);
  const requestsByUrl = urls.map((url) => options.bodies.map((body) => requestBytes(new URL('/graphql', url), options.token, body)));
  const tally: Tally = { next: 0, requests: 0, non2xx: 0, errors: 0, failedResults: 0, times: [] };
  const pace = options.overallRate === undefined ? undefined : { intervalMs: 1000 / options.overallRate, nextSlot: 0 };
  const cpuBefore = pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  const loadCpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, (_, index) => {
      const url = new URL(urls[index % urls.length]);
      return driveConnection({ host: url.hostname, port: Number(url.port), requests: requestsByUrl[index % urls.length], deadline, tally, pace });
    }),
  );
  const duration = (performance.now() - started) / 1000;
  const cpuAfter = pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  const loadCpu = process.cpuUsage(loadCpuBefore);
  const times = tally.times.sort((a, b) => a - b);
  const percentile = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? NaN;
  return {
    label: options.label,
    connections: options.connections,
    seconds: duration,
    requests: tally.requests,
    requestsPerSecond: tally.requests / duration,
    p50: percentile(50),
    p95: percentile(95),
    p99: percentile(99),
    non2xx: tally.non2xx,
    errors: tally.errors,
    failedResults: tally.failedResults,
    loadCpuMicrosPerRequest: (loadCpu.user + loadCpu.system) / tally.requests,
    ...(pids.length === 0 ? {} : { serverCpuMicrosPerRequest: ((cpuAfter - cpuBefore) * 1e6) / tally.requests }),
  };
}

/** What all connections of one run counted. */
interface Tally {
  /** The next body to send (shared, so every body is sent once before any repeats). */
  next: number;
  requests: number;
  non2xx: number;
  errors: number;
  failedResults: number;
  /** Milliseconds from sending to the whole response, per response. */
  times: number[];
}

interface Connection {
  host: string;
  port: number;
  requests: readonly Buffer[];
  /** performance.now() after which no request is sent and the connection closes. */
  deadline: number;
  tally: Tally;
  /** An open-model cap: request slots `intervalMs` apart over all connections. */
  pace?: { intervalMs: number; nextSlot: number };
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;
const DATA_START = Buffer.from('{"data":');
const ERRORS_KEY = Buffer.from('"errors":');

/** One keep-alive connection sending a request each time the previous one's response is complete, until the deadline; reconnects after a failure. */
function driveConnection(connection: Connection): Promise<void> {
  const { tally, pace } = connection;
  return new Promise((resolve) => {
    let socket: Socket;
    let pending: Buffer = Buffer.alloc(0);
    let sentAt = 0;
    let inFlight = false;
    const finish = () => {
      clearTimeout(stopTimer);
      socket.removeAllListeners();
      socket.destroy();
      resolve();
    };
    const stopTimer = setTimeout(finish, Math.max(0, connection.deadline - performance.now()));
    const transmit = () => {
      if (performance.now() >= connection.deadline) return;
      inFlight = true;
      sentAt = performance.now();
      socket.write(connection.requests[tally.next++ % connection.requests.length]);
    };
    const send = () => {
      if (!pace) return transmit();
      const now = performance.now();
      const slot = Math.max(pace.nextSlot, now);
      pace.nextSlot = slot + pace.intervalMs;
      if (slot > now) setTimeout(transmit, slot - now);
      else transmit();
    };
    const onData = (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const headerEnd = pending.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const length = CONTENT_LENGTH.exec(pending.toString('latin1', 0, headerEnd));
      if (!length) {
        tally.errors++;
        reconnect();
        return;
      }
      const bodyStart = headerEnd + HEADER_END.length;
      const bodyEnd = bodyStart + Number(length[1]);
      if (pending.length < bodyEnd) return;
      const status = Number(pending.toString('latin1', 9, 12));
      tally.requests++;
      tally.times.push(performance.now() - sentAt);
      if (status >= 300) tally.non2xx++;
      else if (!isGraphqlData(pending.subarray(bodyStart, bodyEnd))) tally.failedResults++;
      pending = pending.subarray(bodyEnd);
      inFlight = false;
      send();
    };
    const connect = () => {
      socket = createConnection({ host: connection.host, port: connection.port, noDelay: true });
      socket.on('connect', send);
      socket.on('data', onData);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (inFlight) tally.errors++;
        reconnect();
      });
    };
    const reconnect = () => {
      socket.removeAllListeners();
      socket.destroy();
      pending = Buffer.alloc(0);
      inFlight = false;
      if (performance.now() < connection.deadline) connect();
    };
    connect();
  });
}

/** A whole POST /graphql request, as sent. */
function requestBytes(url: URL, token: string, body: string): Buffer {
  const head = `POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\nauthorization: Bearer ${token}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return Buffer.from(head + body);
}

/** A GraphQL result with `data` and without `errors`. */
function isGraphqlData(body: Buffer): boolean {
  return body.subarray(0, DATA_START.length).equals(DATA_START) && body.indexOf(ERRORS_KEY) < 0;
}

/** User + system CPU seconds a process used so far (Linux /proc; clock ticks of 10 ms). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A table of load results, in Markdown (pasted as-is into bench/RESULTS.md). */
export function loadTable(results: readonly LoadResult[]): string {
  const lines = [
    '| run | connections | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx / errors / failed results | API CPU µs/req | load generator CPU µs/req |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.connections} | ${r.requests.toLocaleString('en-US')} | ${Math.round(r.requestsPerSecond).toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.non2xx} / ${r.errors} / ${r.failedResults} | ${r.serverCpuMicrosPerRequest === undefined ? '' : Math.round(r.serverCpuMicrosPerRequest)} | ${Math.round(r.loadCpuMicrosPerRequest)} |`,
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
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      JWT_SECRET: TEST_JWT_SECRET,
      MEMBER_DATA_KEY: 'bench-only-member-data-key-0123456789',
      PRINT_DEV_TOKENS: 'false',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}); see ${logFile}`);
        return (await fetch(`${url}/health/ready`)).ok;
      },
      60_000,
      200,
    );
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
