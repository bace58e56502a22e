#!/usr/bin/env node
/**
 * Readiness probe for the dev Kafka broker started by scripts/kafka.sh.
 *
 *   node scripts/kafka-ready.js [host:port] [timeoutMs] [--min-brokers=N] [--verbose]
 *
 * Exits 0 when a kafkajs admin client can connect and describeCluster() answers with at
 * least N brokers (default 1; a cluster is ready when every broker registered), 1 otherwise.
 * An open TCP port alone is not "ready": the broker accepts connections before it has
 * registered with its controller. Silent unless --verbose.
 */
'use strict';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const { Kafka, logLevel } = require('kafkajs');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const positional = args.filter((a) => !a.startsWith('-'));
const broker = positional[0] || '127.0.0.1:9092';
const timeoutMs = Number(positional[1]) > 0 ? Number(positional[1]) : 3000;
const minBrokersArg = args.find((a) => a.startsWith('--min-brokers='));
const minBrokers = minBrokersArg ? Number(minBrokersArg.slice('--min-brokers='.length)) : 1;

const fail = (message) => {
  if (verbose) process.stderr.write(`kafka-ready: ${broker}: ${message}\n`);
  process.exit(1);
};

// Hard stop in case a socket hangs past kafkajs' own timeouts.
setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs + 500).unref();

const kafka = new Kafka({
  clientId: 'kafka-ready',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: timeoutMs,
  requestTimeout: timeoutMs,
  enforceRequestTimeout: true,
  retry: { retries: 0 },
});

async function main() {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const registered = cluster.brokers ? cluster.brokers.length : 0;
    if (registered < minBrokers) fail(`describeCluster returned ${registered} of ${minBrokers} brokers`);
    if (verbose) {
      const nodes = cluster.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(', ');
      process.stdout.write(`kafka-ready: cluster ${cluster.clusterId}, brokers [${nodes}]\n`);
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (err) => fail(err && err.message ? err.message : String(err)),
);
