import { ConfigError, loadConfig } from '../../../src/platform/config';
import { redisEndpoint } from '../../../src/platform/redis';

describe(redisEndpoint.name, () => {
  it.each([
    [{}, undefined],
    [{ REDIS_URL: 'redis://cache:6379' }, { url: 'redis://cache:6379' }],
    [
      { REDIS_CLUSTER_NODES: ' 10.0.0.5:7000, redis-b.internal:7001 ,' },
      {
        clusterNodes: [
          { host: '10.0.0.5', port: 7000 },
          { host: 'redis-b.internal', port: 7001 },
        ],
      },
    ],
    [{ REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: '10.0.0.5:7000' }, { clusterNodes: [{ host: '10.0.0.5', port: 7000 }] }],
    [{ REDIS_CLUSTER_NODES: '' }, undefined],
  ])('should read %j as %j (the cluster wins over REDIS_URL)', (env, expected) => {
    expect(redisEndpoint(loadConfig(env))).toEqual(expected);
  });

  it.each(['10.0.0.5', '10.0.0.5:port', 'redis://10.0.0.5:7000', 'a b:7000'])('should refuse the cluster node %j', (node) => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: node })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: node })).toThrow(/REDIS_CLUSTER_NODES: each entry must be host:port/);
  });
});
