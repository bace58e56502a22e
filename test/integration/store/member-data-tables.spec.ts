import { DEPENDENT_MEMBER_TABLES, MEMBER_DATA_TABLES, TABLES_WITHOUT_MEMBER_DATA } from '../../../src/members/member-data-tables';
import { openDatabase } from '../../../src/platform/database';
import { groupBy } from '../../support/group-by';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

jest.setTimeout(30_000);

/**
 * Keeps export and erasure complete as the schema grows: every table the migrations create is
 * either a registered member-data table (export reads it, erasure deletes from it), a dependent
 * of one, or declared to hold no member data. A new table fails here until it is classified.
 */
describe('the member-data table registry', () => {
  let testDatabase: TestDatabase;
  let tables: Map<string, string[]>;

  beforeAll(async () => {
    testDatabase = await createTestDatabase('member_tables');
    const database = await openDatabase({ url: testDatabase.url, poolSize: 2 });
    await database.runMigrations();
    await database.close();
    const columns = await testDatabase.query<{ table_name: string; column_name: string }>(
      // A month partition's rows are read and deleted through its parent table: partitions are not listed.
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace
       WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND NOT k.relispartition`,
    );
    tables = new Map([...groupBy(columns, (row) => row.table_name)].map(([table, rows]) => [table, rows.map((row) => row.column_name)]));
  });

  afterAll(async () => {
    await testDatabase?.drop();
  });

  it('should register every table with a user_id column for export and erasure', () => {
    const withUserId = [...tables].filter(([, columns]) => columns.includes('user_id')).map(([table]) => table);
    expect(withUserId.filter((table) => !MEMBER_DATA_TABLES.some((registered) => registered.table === table))).toEqual([]);
  });

  it('should classify every table of the schema, so a new one without a user_id column is looked at too', () => {
    const classified = new Set([...MEMBER_DATA_TABLES.map((entry) => entry.table), ...DEPENDENT_MEMBER_TABLES.map((entry) => entry.table), ...TABLES_WITHOUT_MEMBER_DATA]);
    expect([...tables.keys()].filter((table) => !classified.has(table)).sort()).toEqual([]);
  });

  it('should register only tables that exist with the columns export and erasure use', () => {
    for (const { table, orderBy } of MEMBER_DATA_TABLES) {
      expect({ table, columns: tables.get(table) }).toEqual({ table, columns: expect.arrayContaining(['user_id', ...orderBy.split(',').map((column) => column.trim())]) });
    }
    for (const { table, column, parent, parentColumn } of DEPENDENT_MEMBER_TABLES) {
      expect(tables.get(table)).toContain(column);
      expect(tables.get(parent)).toEqual(expect.arrayContaining(['user_id', parentColumn]));
    }
  });
});
