/** The admin console's end-to-end tests in Chromium (`npm test` runs them after the other suites). */
module.exports = {
  testTimeout: 180000,
  maxWorkers: 1,
  projects: [
    {
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
      setupFiles: ['reflect-metadata'],
      testEnvironment: 'node',
    },
  ],
};
