import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULE_VERSION_LOCK_KEY } from '../../../src/rule-versions/rule-version-store';

describe('the rule-version lock', () => {
  it('should be the one the database function takes shared, so a publication excludes the batches under way', () => {
    const migration = readFileSync(path.resolve(__dirname, '../../../src/entities/migrations/1796093417529-rule-versions.ts'), 'utf8');
    const written = migration.match(/const RULE_VERSION_LOCK_KEY = ([\d_]+);/)?.[1];
    expect(Number(written?.replaceAll('_', ''))).toBe(RULE_VERSION_LOCK_KEY);
    expect(migration).toContain('pg_advisory_xact_lock_shared(${RULE_VERSION_LOCK_KEY})');
  });
});
