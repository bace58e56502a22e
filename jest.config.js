/**
 * Two projects: fast pure unit tests, and integration tests against real PostgreSQL, Redis and Kafka.
 * ts-jest only transpiles (isolatedModules in tsconfig.jest.json); `npm test`'s checks type-check the tests.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];

module.exports = {
  // Read globally only (Jest ignores it per project); unit tests finish in milliseconds anyway.
  testTimeout: 60000,
  // Two suites at a time even on 2 cores (Jest's default is cores - 1): integration suites mostly
  // wait (on PostgreSQL, Kafka, spawned processes, polls), and each has its own database, topic
  // prefix, consumer group, Redis key prefix and ports, so they run side by side. bench/RESULTS.md, "Test time".
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      setupFiles: ['reflect-metadata'],
      testEnvironment: 'node',
      testEnvironmentOptions: { globalsCleanup: 'off' },
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      setupFiles: ['reflect-metadata'],
      testEnvironment: 'node',
      testEnvironmentOptions: { globalsCleanup: 'off' },
    },
  ],
};
