import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './spawn-process';

const run = promisify(execFile);

/** A primary and its streaming replica, each a PostgreSQL server of its own in a temporary directory. */
export interface PostgresPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Runs SQL on the replica (pausing or resuming its WAL replay). */
  onReplica<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;
  stop(): Promise<void>;
}

/** The newest installed server's binaries (Debian's postgresql-NN packages); PG_BIN overrides. */
function serverBinaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root} (set PG_BIN)`);
  return path.join(root, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user. */
async function asServerUser(binary: string, args: string[]): Promise<void> {
  const command = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] as const : [binary, args] as const;
  await run(command[0], [...command[1]], { timeout: 60_000 });
}

/**
 * initdb a primary on a free port, pg_basebackup it (-R: standby.signal and primary_conninfo) into
 * a replica on another port, and start both. The test server itself allows no replication
 * connections (its pg_hba.conf), so the pair is made from scratch: a few seconds.
 */
export async function startPostgresPair(): Promise<PostgresPair> {
  const bin = serverBinaries();
  const root = mkdtempSync(path.join(tmpdir(), 'pg-pair-'));
  if (process.getuid?.() === 0) chownSync(root, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  const serverOptions = (port: number) => `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=60`;
  const started: string[] = [];
  const stopAll = async () => {
    for (const dir of started.reverse()) await asServerUser(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await asServerUser(path.join(bin, 'initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--no-sync']);
    await asServerUser(path.join(bin, 'pg_ctl'), ['-D', primaryDir, '-o', serverOptions(primaryPort), '-l', path.join(root, 'primary.log'), '-w', 'start']);
    started.push(primaryDir);
    await asServerUser(path.join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync']);
    await asServerUser(path.join(bin, 'pg_ctl'), ['-D', replicaDir, '-o', serverOptions(replicaPort), '-l', path.join(root, 'replica.log'), '-w', 'start']);
    started.push(replicaDir);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl,
    async onReplica<Row>(sql: string) {
      const client = new Client({ connectionString: replicaUrl });
      await client.connect();
      try {
        return (await client.query(sql)).rows as Row[];
      } finally {
        await client.end();
      }
    },
    stop: stopAll,
  };
}
