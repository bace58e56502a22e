import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { Pool, type PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import type { AppConfig } from './config';
import { AsyncMutex } from './async-mutex';
import { jsonbArrayParameter } from './jsonb-parameter';
import type { Logger } from './logger';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from '../entities/migrations';

/**
 * A statement run often enough to keep prepared: on PostgreSQL each connection parses and plans
 * it once (the engine's batch statements cost more to plan than to run). PGlite runs the text.
 */
export interface PreparedSql {
  name: string;
  text: string;
}

export type Sql = string | PreparedSql;

/** The slice of SQL access the engine and the read side need; a transaction is one of these too. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: Sql, params?: unknown[]): Promise<Row[]>;
}

/** node-postgres' query config for `sql`: a named (prepared per connection) statement when it has a name. */
export function pgQuery(sql: Sql, params: unknown[]): { text: string; values: unknown[]; name?: string } {
  return typeof sql === 'string' ? { text: sql, values: params } : { name: sql.name, text: sql.text, values: params };
}

function sqlText(sql: Sql): string {
  return typeof sql === 'string' ? sql : sql.text;
}

/**
 * How a transaction is run. `genericPlans`: every statement is planned once per connection,
 * whatever its parameters (`plan_cache_mode = force_generic_plan` for the transaction), for
 * statements whose best plan does not depend on their values, such as keyed lookups and writes
 * over id arrays. PostgreSQL otherwise plans some of them again at each execution, because a
 * plan made for the actual arrays looks cheaper than a generic one, and that planning can cost
 * more CPU than running them. PGlite runs the text and ignores it.
 */
export interface TransactionOptions {
  genericPlans?: boolean;
}

export interface Database extends SqlExecutor {
  readonly embedded: boolean;
  /** Rows as one `$n::jsonb` parameter: PostgreSQL's binary form on PostgreSQL (see `jsonbArrayParameter`), the JSON text on PGlite. */
  jsonArray(rows: readonly unknown[]): string | Buffer;
  readonly dataSource: DataSource;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  runMigrations(): Promise<string[]>;
  /**
   * Runs `work` while holding a PostgreSQL session advisory lock, so that processes starting
   * together (several workers on a fresh database) migrate and store rules one at a time.
   */
  withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string;
  dataDir?: string;
  poolSize?: number;
  applicationName?: string;
}

export function databaseOptionsFrom(config: AppConfig, applicationName: string): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName,
  };
}

/**
 * Opens PostgreSQL through TypeORM: node-postgres for a DATABASE_URL, else PGlite persisted
 * under `<dataDir>/pg`. PGlite is a single session, so there every statement and transaction
 * takes one lock in turn; otherwise a transaction reading uncommitted rows of another would leak.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const embedded = options.url === undefined;
  const dataSource = new DataSource({
    type: 'postgres',
    ...(embedded ? { driver: new PGliteDriver({ dataDir: embeddedDataDir(options.dataDir) }).driver } : { url: options.url }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: false,
    poolSize: embedded ? 1 : options.poolSize,
    applicationName: options.applicationName,
    // A partition that drops packets must fail calls (retriable) instead of hanging them.
    ...(embedded ? {} : { connectTimeoutMS: 5000, extra: { query_timeout: 120_000, keepAlive: true } }),
  });
  await dataSource.initialize();
  return new TypeormDatabase(dataSource, embedded);
}

/** The API's read side: queries outside any transaction, on connections of their own. */
export interface ReadExecutor extends SqlExecutor {
  close(): Promise<void>;
}

export interface ReadPoolOptions {
  /** Reads that run at once in this process (DATABASE_READ_POOL_SIZE); more wait for a connection. */
  size: number;
  /** PostgreSQL cancels a read statement running longer (READ_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  applicationName: string;
}

/**
 * Reads on a pool of their own, so that however many reads arrive (or however slow they are),
 * the engine's writes keep the main pool: at most `size` reads run at once per process, each
 * statement is cancelled by PostgreSQL after `statementTimeoutMs`, and a read that waits for a
 * connection that long fails (SERVICE_UNAVAILABLE) instead of queueing without end. The embedded
 * database is one session where reads already take turns, so it serves them itself.
 */
export function openReadPool(database: Database, url: string | undefined, options: ReadPoolOptions, logger: Logger): ReadExecutor {
  if (url === undefined) return { query: (sql, params) => database.query(sql, params), close: async () => undefined };
  const pool = new Pool({
    connectionString: url,
    max: options.size,
    statement_timeout: options.statementTimeoutMs,
    connectionTimeoutMillis: Math.max(options.statementTimeoutMs, 1000),
    application_name: options.applicationName,
    keepAlive: true,
  });
  // The pool discards an idle connection the server dropped; the next read opens another.
  pool.on('error', (error) => logger.warn({ errorMessage: error.message }, 'idle read connection failed'));
  return {
    query: async <Row>(sql: Sql, params: unknown[] = []) => (await pool.query(pgQuery(sql, params))).rows as Row[],
    close: () => pool.end(),
  };
}

function embeddedDataDir(dataDir = './data'): string {
  const dir = path.resolve(dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  return dir;
}

class TypeormDatabase implements Database {
  private readonly embeddedLock = new AsyncMutex();

  constructor(
    readonly dataSource: DataSource,
    readonly embedded: boolean,
  ) {}

  jsonArray(rows: readonly unknown[]): string | Buffer {
    return this.embedded ? JSON.stringify(rows) : jsonbArrayParameter(rows);
  }

  query<Row>(sql: Sql, params: unknown[] = []): Promise<Row[]> {
    if (!this.embedded) return this.pool.query(pgQuery(sql, params)).then((result) => result.rows as Row[]);
    return this.exclusive(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return await runQuery<Row>(runner, sqlText(sql), params);
      } finally {
        await runner.release();
      }
    });
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.embedded ? this.exclusive(() => this.runnerTransaction(work)) : this.poolTransaction(work, options);
  }

  /**
   * PostgreSQL: statements go straight to node-postgres' pool (TypeORM's query runner costs
   * ~45 µs of CPU per statement on top, which the hot path does not need).
   */
  private async poolTransaction<T>(work: (tx: SqlExecutor) => Promise<T>, { genericPlans = false }: TransactionOptions): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    let broken = false;
    try {
      // Both in one round trip (a query without parameters may hold several statements).
      await client.query(genericPlans ? 'BEGIN; SET LOCAL plan_cache_mode = force_generic_plan' : 'BEGIN');
      const result = await work({ query: async <Row>(sql: Sql, params: unknown[] = []) => (await client.query(pgQuery(sql, params))).rows as Row[] });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async runnerTransaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const result = await work({ query: <Row>(sql: Sql, params: unknown[] = []) => runQuery<Row>(runner, sqlText(sql), params) });
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** node-postgres' pool behind TypeORM's PostgreSQL driver. */
  private get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  async runMigrations(): Promise<string[]> {
    const applied = await this.exclusive(() => this.dataSource.runMigrations({ transaction: 'each' }));
    return applied.map((migration) => migration.name);
  }

  async withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T> {
    if (this.embedded) return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [key]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    } finally {
      await runner.release();
    }
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.embedded ? this.embeddedLock.run(work) : work();
  }
}

async function runQuery<Row>(target: QueryRunner, sql: string, params: unknown[]): Promise<Row[]> {
  const result = await target.query(sql, params, true);
  return result.records as Row[];
}
