import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/platform/config';
import { redisEndpoint } from '../../../src/platform/redis';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';
const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'redis-ca-')), 'ca.pem');
writeFileSync(caFile, CA_PEM);

const NO_SECURITY = { username: undefined, password: undefined, tls: undefined };

describe(redisEndpoint.name, () => {
  it.each([
    [{}, undefined],
    [{ REDIS_URL: 'redis://cache:6379' }, { url: 'redis://cache:6379' }],
    [{ REDIS_URL: 'rediss://:secret@cache:6380' }, { url: 'rediss://:secret@cache:6380', tls: {} }],
    [
      { REDIS_URL: 'rediss://cache:6380', REDIS_TLS_CA_FILE: caFile },
      { url: 'rediss://cache:6380', tls: { ca: CA_PEM } },
    ],
    [{ REDIS_URL: 'redis://cache:6379', REDIS_TLS_CA_FILE: caFile }, { url: 'redis://cache:6379' }],
    [
      { REDIS_CLUSTER_NODES: ' 10.0.0.5:7000, redis-b.internal:7001 ,' },
      {
        clusterNodes: [
          { host: '10.0.0.5', port: 7000 },
          { host: 'redis-b.internal', port: 7001 },
        ],
        security: NO_SECURITY,
      },
    ],
    [
      { REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: '10.0.0.5:7000' },
      { clusterNodes: [{ host: '10.0.0.5', port: 7000 }], security: NO_SECURITY },
    ],
    [
      { REDIS_CLUSTER_NODES: '10.0.0.5:7000', REDIS_CLUSTER_USERNAME: 'engine', REDIS_CLUSTER_PASSWORD: 'secret', REDIS_CLUSTER_TLS: 'true', REDIS_TLS_CA_FILE: caFile },
      { clusterNodes: [{ host: '10.0.0.5', port: 7000 }], security: { username: 'engine', password: 'secret', tls: { ca: CA_PEM } } },
    ],
    [
      { REDIS_CLUSTER_NODES: '10.0.0.5:7000', REDIS_CLUSTER_TLS: 'yes' },
      { clusterNodes: [{ host: '10.0.0.5', port: 7000 }], security: { ...NO_SECURITY, tls: {} } },
    ],
    [{ REDIS_CLUSTER_NODES: '' }, undefined],
  ])('should read %j as %j (the cluster wins over REDIS_URL)', (env, expected) => {
    expect(redisEndpoint(loadConfig(env))).toEqual(expected);
  });

  it.each(['10.0.0.5', '10.0.0.5:port', 'redis://10.0.0.5:7000', 'a b:7000'])('should refuse the cluster node %j', (node) => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: node })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: node })).toThrow(/REDIS_CLUSTER_NODES: each entry must be host:port/);
  });

  it('should name the CA file it cannot read', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:7000', REDIS_CLUSTER_TLS: 'true', REDIS_TLS_CA_FILE: '/nonexistent/ca.pem' });
    expect(() => redisEndpoint(config)).toThrow(ConfigError);
    expect(() => redisEndpoint(config)).toThrow(/REDIS_TLS_CA_FILE: cannot read \/nonexistent\/ca.pem/);
  });
});
