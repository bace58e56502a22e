/**
 * `npm run bench:api-floor`: what this machine serves over HTTP with no engine and no GraphQL at
 * all, under the same load client and process layout as `bench:api` — the ceiling any API stack
 * could reach here, to read issue 17's API targets against.
 *
 * Each mode runs BENCH_API_PROCESSES (default 2) bare `node:http` servers (this file, as children)
 * that read the whole POST body and parse its JSON, as any API must, then answer `{"data":…}`:
 *   - `http`: a constant answer, no database (the floor of HTTP + JSON with this client);
 *   - `http + Apollo`: the same constant answer from a one-field schema's resolver through Apollo Server and the
 *     API's own `node:http` handler (what the chosen GraphQL server costs a request before any work of ours);
 *   - `http + 1 read`: one `SELECT` by primary key per request on a pool of 10 connections (a profile read);
 *   - `http + 1 write`: one autocommitted `INSERT … ON CONFLICT DO NOTHING` of the request's event id and
 *     payload per request (the least a durable, idempotent recordEvent can do).
 * BENCH_SECONDS (default 5) per run, BENCH_QUERY_CONNECTIONS (default 32) for the two read modes,
 * BENCH_CONNECTIONS (default 64) for the write mode.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { Pool } from 'pg';
import { graphqlHttpHandler } from '../src/http/graphql-http-handler';
import { createTestDatabase } from '../test/support/test-database';
import { profileBodies, recordEventBodies } from './event-bodies';
import { graphqlLoad, loadTable, type LoadResult } from './http-load';
import { machineState } from './machine-state';
import { print, runMain } from './run-main';

type Mode = 'http' | 'apollo' | 'read' | 'write';
const MEMBERS = 10_000;
/** What the constant modes answer for any member (and the read mode beside the row's fields). */
const CONSTANT_PROFILE = { totalPoints: 1200, level: 3, nextLevelAt: 1500 };

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return serve(process.argv[3] as Mode, process.argv[4]);
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const processes = Number(process.env.BENCH_API_PROCESSES ?? 2);
  const readConnections = Number(process.env.BENCH_QUERY_CONNECTIONS ?? 32);
  const writeConnections = Number(process.env.BENCH_CONNECTIONS ?? 64);
  const database = await createTestDatabase('bench_api_floor');
  try {
    await database.query(`CREATE TABLE floor_profiles (user_id uuid PRIMARY KEY, total_points int NOT NULL, level int NOT NULL)`);
    await database.query(`CREATE TABLE floor_events (event_id text PRIMARY KEY, user_id uuid NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    const users = (
      await database.query<{ user_id: string }>(
        `INSERT INTO floor_profiles SELECT gen_random_uuid(), (random() * 5000)::int, 1 FROM generate_series(1, ${MEMBERS}) RETURNING user_id`,
      )
    ).map((row) => row.user_id);
    process.stderr.write(`${await machineState(database.url)}\n`);
    // The very bodies bench:api sends.
    const readBodies = profileBodies(users);
    const writeBodies = recordEventBodies(users, 400_000).next(400_000);
    const runs: [string, Mode, readonly string[], number][] = [
      ['http (constant answer)', 'http', readBodies, readConnections],
      ['http + Apollo (constant resolver)', 'apollo', readBodies, readConnections],
      ['http + 1 read', 'read', readBodies, readConnections],
      ['http + 1 write', 'write', writeBodies, writeConnections],
    ];
    const results: LoadResult[] = [];
    for (const [label, mode, bodies, connections] of runs) {
      const servers = await Promise.all(Array.from({ length: processes }, () => startServer(mode, database.url)));
      try {
        await graphqlLoad({ label: 'warm-up', url: servers.map((server) => server.url), token: 'none', bodies, connections, seconds: 2 });
        results.push(
          await graphqlLoad({ label, url: servers.map((server) => server.url), serverPid: servers.map((server) => server.child.pid), token: 'none', bodies, connections, seconds }),
        );
      } finally {
        for (const server of servers) server.child.kill('SIGTERM');
      }
    }
    print(`\nAPI floor — bare node:http, ${processes} processes, no engine, no GraphQL\n`);
    print(loadTable(results));
  } finally {
    await database.drop();
  }
}

/** One child server of the given mode; ready once it prints its port. */
function startServer(mode: Mode, databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [__filename, 'serve', mode, databaseUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`floor server (${mode}) exited ${code}`)));
    child.stdout!.once('data', (chunk: Buffer) => resolve({ url: `http://127.0.0.1:${chunk.toString().trim()}`, child }));
  });
}

async function serve(mode: Mode, databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const answer = async (request: { variables: { userId?: string; event?: { id: string; userId: string } } }): Promise<unknown> => {
    if (mode === 'http') return { profile: { ...CONSTANT_PROFILE, userId: request.variables.userId } };
    if (mode === 'read') {
      const { rows } = await pool.query('SELECT user_id, total_points, level FROM floor_profiles WHERE user_id = $1', [request.variables.userId]);
      return { profile: { ...CONSTANT_PROFILE, userId: rows[0].user_id, totalPoints: rows[0].total_points, level: rows[0].level } };
    }
    const event = request.variables.event!;
    await pool.query('INSERT INTO floor_events (event_id, user_id, payload) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [event.id, event.userId, JSON.stringify(event)]);
    return { recordEvent: { eventId: event.id, pointsAwarded: 0 } };
  };
  const server = createServer(
    mode === 'apollo'
      ? await apolloHandler()
      : (request, response) => {
          const chunks: Buffer[] = [];
          request.on('data', (chunk: Buffer) => chunks.push(chunk));
          request.on('end', () => {
            answer(JSON.parse(Buffer.concat(chunks).toString()))
              .then((data) => {
                const body = JSON.stringify({ data });
                response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
                response.end(body);
              })
              .catch((error: unknown) => {
                response.writeHead(500).end(String(error));
              });
          });
        },
  );
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
  process.once('SIGTERM', () => {
    server.close();
    void pool.end();
    process.exit(0);
  });
  await new Promise(() => undefined);
}

/** A one-field schema answered by a constant resolver, through Apollo and the API's own handler. */
async function apolloHandler(): Promise<RequestListener> {
  const apollo = new ApolloServer({
    typeDefs: 'type Profile { userId: ID! totalPoints: Int! level: Int! nextLevelAt: Int } type Query { profile(userId: ID!): Profile }',
    resolvers: { Query: { profile: (_: unknown, { userId }: { userId: string }) => ({ ...CONSTANT_PROFILE, userId }) } },
  });
  await apollo.start();
  const handle = graphqlHttpHandler({ apollo, maxBodyBytes: 1_000_000, context: async () => ({}), onFault: (error) => process.stderr.write(`${String(error)}\n`) });
  return (request, response) => void handle(request, response);
}

runMain(main);
