/**
 * Jest projects: shared (pure unit tests), server (integration against the real
 * database engine), miniapp (components in jsdom), e2e (H5 build in Chromium).
 * The database engine is started once per run by tests/support/global-setup.ts.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' }, module: { type: 'commonjs' } }];
const shared = { '^@homeclub/shared$': '<rootDir>/shared/src/index.ts' };

module.exports = {
  // Jest reads testTimeout only at the top level; e2e files raise it with jest.setTimeout.
  testTimeout: 30000,
  // Two test files at a time: jest's default on 2 cores is one (cores − 1), which left a core idle while e2e files
  // wait on the browser and server files on the database engine (CI: 698 s of jest serially, 512 s with two).
  maxWorkers: 2,
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  projects: [
    {
      displayName: 'shared',
      testMatch: ['<rootDir>/tests/shared/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: shared,
      testEnvironment: 'node',
    },
    {
      displayName: 'server',
      testMatch: ['<rootDir>/tests/server/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: shared,
      testEnvironment: 'node',
    },
    {
      displayName: 'miniapp',
      testMatch: ['<rootDir>/tests/miniapp/**/*.test.tsx', '<rootDir>/tests/miniapp/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: {
        ...shared,
        '^@tarojs/taro$': '<rootDir>/tests/miniapp/mocks/taro.ts',
        '^@tarojs/components$': '<rootDir>/tests/miniapp/mocks/components.tsx',
        '\\.(css|scss)$': '<rootDir>/tests/miniapp/mocks/style.ts',
        '^@/(.*)$': '<rootDir>/miniapp/src/$1',
      },
      testEnvironment: 'jsdom',
      setupFiles: ['<rootDir>/tests/miniapp/support/api-routes.ts'],
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      moduleNameMapper: shared,
      testEnvironment: 'node',
    },
  ],
};
