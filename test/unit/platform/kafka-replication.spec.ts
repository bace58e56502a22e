import { ConfigError } from '../../../src/platform/config';
import { topicReplication } from '../../../src/platform/kafka-replication';

describe(topicReplication.name, () => {
  it.each([
    // brokers, KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS, replication factor, min.insync.replicas
    [1, undefined, undefined, 1, 1],
    [2, undefined, undefined, 2, 1],
    [3, undefined, undefined, 3, 2],
    [5, undefined, undefined, 3, 2],
    [0, undefined, undefined, 1, 1],
    [5, 5, undefined, 5, 2],
    [3, 2, undefined, 2, 1],
    [3, undefined, 3, 3, 3],
    [5, 5, 3, 5, 3],
  ])(
    'should, on %i brokers with KAFKA_REPLICATION_FACTOR=%s and KAFKA_MIN_INSYNC_REPLICAS=%s, replicate %i times and require %i in sync',
    (brokers, factorSetting, minInsyncSetting, replicationFactor, minInsyncReplicas) => {
      expect(topicReplication(brokers, { KAFKA_REPLICATION_FACTOR: factorSetting, KAFKA_MIN_INSYNC_REPLICAS: minInsyncSetting })).toEqual({
        replicationFactor,
        minInsyncReplicas,
      });
    },
  );

  it('should refuse more in-sync replicas than replicas, which would refuse every acks=all write', () => {
    expect(() => topicReplication(3, { KAFKA_REPLICATION_FACTOR: 2, KAFKA_MIN_INSYNC_REPLICAS: 3 })).toThrow(ConfigError);
    expect(() => topicReplication(1, { KAFKA_REPLICATION_FACTOR: undefined, KAFKA_MIN_INSYNC_REPLICAS: 2 })).toThrow(/exceeds the replication factor \(1\)/);
  });
});
