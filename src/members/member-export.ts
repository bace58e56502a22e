import { parseUserId } from '../contract/validation/envelope';
import type { Database, SqlExecutor } from '../platform/database';
import { MEMBER_DATA_TABLES, MEMBER_EXPORT_SCHEMA_VERSION } from './member-data-tables';

/** Rows read per query: a large history streams out a page at a time. */
const PAGE_ROWS = 1000;

/** Receives the document in pieces; may wait (backpressure) before the next piece is read. */
export type ExportSink = (chunk: string) => void | Promise<void>;

/**
 * Everything held about one member as one JSON document, from every registered member-data
 * table (every column), read in one repeatable-read snapshot:
 *
 *   { "format": "gamification-member-export", "schemaVersion": 1, "userId": ..., "exportedAt": ...,
 *     "sections": { "profile": [row], "ledger": [rows...], ... } }
 */
export class MemberDataExport {
  constructor(private readonly database: Database) {}

  async write(memberId: string, sink: ExportSink): Promise<void> {
    const userId = parseUserId(memberId);
    await this.database.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const header = { format: 'gamification-member-export', schemaVersion: MEMBER_EXPORT_SCHEMA_VERSION, userId, exportedAt: new Date().toISOString() };
      await sink(`${JSON.stringify(header).slice(0, -1)},"sections":{`);
      for (const [index, { table, section, orderBy }] of MEMBER_DATA_TABLES.entries()) {
        await sink(`${index === 0 ? '' : ','}${JSON.stringify(section)}:[`);
        await this.writeRows(tx, `SELECT * FROM ${table} WHERE user_id = $1 ORDER BY ${orderBy} LIMIT ${PAGE_ROWS} OFFSET $2`, userId, sink);
        await sink(']');
      }
      await sink('}}');
    });
  }

  /** The whole document as one object (the GraphQL query; large exports use the streaming route). */
  async document(userId: string): Promise<Record<string, unknown>> {
    const chunks: string[] = [];
    await this.write(userId, (chunk) => void chunks.push(chunk));
    return JSON.parse(chunks.join('')) as Record<string, unknown>;
  }

  private async writeRows(tx: SqlExecutor, sql: string, userId: string, sink: ExportSink): Promise<void> {
    for (let offset = 0; ; offset += PAGE_ROWS) {
      const rows = await tx.query<Record<string, unknown>>(sql, [userId, offset]);
      if (rows.length > 0) await sink(`${offset === 0 ? '' : ','}${rows.map((row) => JSON.stringify(row)).join(',')}`);
      if (rows.length < PAGE_ROWS) return;
    }
  }
}
