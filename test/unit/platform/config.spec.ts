import { ConfigError, loadConfig } from '../../../src/platform/config';

describe(loadConfig.name, () => {
  it('should run on the embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4000, DATA_DIR: './data', TIMEZONE: 'UTC', LOG_LEVEL: 'info' });
    expect([config.DATABASE_URL, config.RULES_FILE, config.REDIS_URL, config.KAFKA_BROKERS]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('should treat empty strings as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', REDIS_URL: ' ' });
    expect([config.DATABASE_URL, config.REDIS_URL]).toEqual([undefined, undefined]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ TIMEZONE: 'Mars/Olympus_Mons' }, 'TIMEZONE: not an IANA time zone'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ OUTBOX_RELAY: 'maybe' }, 'OUTBOX_RELAY'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET or JWT_JWKS_URL is required when NODE_ENV=production'],
    [{ NODE_ENV: 'production', JWT_SECRET: 's3cret' }, 'MEMBER_DATA_KEY is required when NODE_ENV=production'],
    [{ MEMBER_DATA_KEY: 'too-short' }, 'MEMBER_DATA_KEY: must be at least 32 characters'],
    [{ DATABASE_READ_URL: 'postgres://replica/db' }, 'DATABASE_READ_URL needs DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://primary/db', DATABASE_READ_POLL_MS: '5' }, 'DATABASE_READ_POLL_MS'],
    [{ MEMBER_EVENT_MAX_AGE: '72' }, 'MEMBER_EVENT_MAX_AGE: a duration such as 7d, 36h, 90m or 30s'],
    [{ SERVICE_EVENT_MAX_AGE: 'a month' }, 'SERVICE_EVENT_MAX_AGE: a duration such as'],
  ])('should refuse %j with a message naming the variable', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expected);
  });

  it('should give members 72 hours and services 30 days to send an event, unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ MEMBER_EVENT_MAX_AGE: 72 * 3_600_000, SERVICE_EVENT_MAX_AGE: 30 * 86_400_000 });
    expect(loadConfig({ MEMBER_EVENT_MAX_AGE: '90m', SERVICE_EVENT_MAX_AGE: '400d' })).toMatchObject({
      MEMBER_EVENT_MAX_AGE: 90 * 60_000,
      SERVICE_EVENT_MAX_AGE: 400 * 86_400_000,
    });
  });

  it('should report every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });

  it('should accept a production setup with its keys', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's3cret', MEMBER_DATA_KEY: 'k'.repeat(32) }).NODE_ENV).toBe('production');
  });
});
