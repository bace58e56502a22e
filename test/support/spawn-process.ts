import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET } from './tokens';

export const MAIN_JS = path.resolve(__dirname, '../../dist/main.js');

export interface SpawnedProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when a line containing `text` was printed. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM (or the given signal) and wait for exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs a command of the built binary to its end (e.g. `dlq reprocess`): its exit code and everything it printed. */
export async function runMain(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const command = spawnMain(args, env);
  const code = await new Promise<number | null>((resolve) => {
    if (command.child.exitCode !== null) resolve(command.child.exitCode);
    else command.child.once('exit', resolve);
  });
  return { code, output: command.output() };
}

/**
 * Runs the built binary (`dist/main.js <command>`) as a real separate process, the way
 * operators run it; `npm test` builds it first. Used for multi-node and crash tests.
 */
export function spawnMain(args: string[], env: Record<string, string>): SpawnedProcess {
  const child = spawn(process.execPath, [MAIN_JS, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      JWT_SECRET: TEST_JWT_SECRET,
      PRINT_DEV_TOKENS: 'false',
      LOG_LEVEL: 'info',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    output: () => output,
    waitFor: (text, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const matches = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
        if (matches()) return resolve(output);
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; output:\n${output.slice(-3000)}`));
        }, timeoutMs);
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(output);
        };
        listeners.add(check);
        child.once('exit', () => {
          if (listeners.has(check)) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`process exited before printing ${String(text)}; output:\n${output.slice(-3000)}`));
          }
        });
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts `serve` on a free port and returns its base URL once ready. */
export async function spawnApi(env: Record<string, string>): Promise<SpawnedProcess & { url: string }> {
  const port = String(await freePort());
  const spawned = spawnMain(['serve'], { PORT: port, HOST: '127.0.0.1', ...env });
  await spawned.waitFor('GraphQL API ready', 60_000);
  return Object.assign(spawned, { url: `http://127.0.0.1:${port}` });
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A spawned process's state and the end of its log, for a failure message. */
export function processReport(spawned: SpawnedProcess, logChars = 8000): string {
  const { child } = spawned;
  const state = child.exitCode === null && child.signalCode === null ? 'running' : `exited (${child.exitCode ?? child.signalCode})`;
  return `pid ${child.pid}, ${state}; its log:\n${spawned.output().slice(-logChars)}`;
}

/** `eventually`, whose timeout error also says what was seen (`seen()`) and reports each of `processes`. */
export async function eventuallyReporting<T>(
  processes: readonly SpawnedProcess[],
  seen: () => Promise<string>,
  check: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  intervalMs: number,
): Promise<T> {
  try {
    return await eventually(check, timeoutMs, intervalMs);
  } catch (error) {
    throw new Error(`${String(error)}: ${await seen().catch(String)}\n${processes.map((spawned) => processReport(spawned)).join('\n')}`);
  }
}
