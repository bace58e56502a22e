import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL every integration test uses (trust auth, started before the session and CI). */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  name: string;
  /** Runs SQL against the test database (its own short-lived connection). */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Ends the connection `query` uses and keeps the database (instead of `drop`). */
  close(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A fresh database per suite, so suites run in parallel without seeing each other's rows.
 * Created empty, or as a copy of the database `template` (which nobody may be connected to);
 * dropped (with its connections) by `drop()`.
 */
export async function createTestDatabase(label: string, template?: string): Promise<TestDatabase> {
  const name = `gam_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await adminQuery(template === undefined ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    name,
    query: async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
    close: () => client.end(),
    drop: async () => {
      await client.end();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Whether a database of that name exists on the test server. */
export async function testDatabaseExists(name: string): Promise<boolean> {
  return (await adminQuery(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).length > 0;
}

/** Renames a database nobody is connected to. */
export async function renameTestDatabase(from: string, to: string): Promise<void> {
  await adminQuery(`ALTER DATABASE ${from} RENAME TO ${to}`);
}

async function adminQuery(sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
