/** Two projects: fast pure unit tests, and integration tests against real PostgreSQL, Redis and Kafka. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.jest.json' }];

module.exports = {
  // Read globally only (Jest ignores it per project); unit tests finish in milliseconds anyway.
  testTimeout: 60000,
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
