import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../src/http/api-node';
import { createTestEvent, EventType } from '../../../src/kit';
import { startTestApi } from '../../support/api-harness';
import { graphql, RECORD_EVENT } from '../../support/graphql-client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { serviceToken } from '../../support/tokens';

describe('a transient database fault under recordEvent', () => {
  let database: TestDatabase;
  let api: ApiNode;

  beforeAll(async () => {
    database = await createTestDatabase('transient');
    api = await startTestApi({ databaseUrl: database.url });
    // Fails the first N commits of events whose id starts with "flaky" as a serialization failure
    // (SQLSTATE 40001, retriable). A sequence is not rolled back with the transaction, so it counts attempts.
    await database.query(`CREATE SEQUENCE flaky_attempts`);
    await database.query(`CREATE TABLE flaky_budget (failures integer NOT NULL)`);
    await database.query(`INSERT INTO flaky_budget VALUES (0)`);
    await database.query(`
      CREATE FUNCTION fail_flaky() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.event_id LIKE 'flaky%' AND nextval('flaky_attempts') <= (SELECT failures FROM flaky_budget) THEN
          RAISE EXCEPTION 'simulated serialization failure' USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$`);
    await database.query(`CREATE TRIGGER fail_flaky BEFORE INSERT ON processed_events FOR EACH ROW EXECUTE FUNCTION fail_flaky()`);
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  const record = async (id: string) => {
    const event = createTestEvent(EventType.CLAIM_SUBMITTED, { userId: randomUUID(), id });
    return graphql(api.url, RECORD_EVENT, { event: { id, type: event.type, userId: event.userId, timestamp: event.timestamp, data: event.data } }, await serviceToken());
  };

  it('should retry with the database policy and answer as if nothing happened', async () => {
    await database.query(`UPDATE flaky_budget SET failures = 2`);
    const response = await record('flaky-1');
    expect(response.errors).toBeUndefined();
    expect(response.data?.recordEvent).toMatchObject({ eventId: 'flaky-1', duplicate: false, pointsAwarded: 30 });
    const retries = await api.metrics.retries.get();
    expect(retries.values.find((value) => value.labels.policy === 'database')?.value).toBe(2);
  });

  it('should answer SERVICE_UNAVAILABLE when the fault outlasts the retries, and commit nothing', async () => {
    await database.query(`ALTER SEQUENCE flaky_attempts RESTART`);
    await database.query(`UPDATE flaky_budget SET failures = 100`);
    const response = await record('flaky-2');
    expect(response.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const [row] = await database.query<{ n: string }>(`SELECT count(*) AS n FROM points_ledger WHERE event_id = 'flaky-2'`);
    expect(Number(row.n)).toBe(0);
  });
});
