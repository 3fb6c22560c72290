// ESM project: jest runs under --experimental-vm-modules (see package.json "test").
import { availableParallelism } from 'node:os';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.medium.ts', '**/*.e2e.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': swc,
    // ESM-only transitive packages that jest would otherwise fail to require().
    '/node_modules/(content-disposition|cookie)/.+\\.js$': ['@swc/jest', {}],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|cookie)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testSequencer: '<rootDir>/test/support/test-sequencer.mjs',
  testTimeout: 120000,
  // One worker more than there are cores: an end-to-end file spends about a third of its time
  // waiting on sockets, child processes and timers, so a third worker keeps the cores busy.
  maxWorkers: availableParallelism() + 1,
  // Each test file imports the app afresh (ESM modules live in the file's own VM context), and a
  // worker keeps some of every file it ran: past this, the worker is replaced instead of spending
  // ever longer in garbage collection.
  workerIdleMemoryLimit: '1GB',
};
