// Jest configuration for mutation testing: only the pure unit specs beside the code (no
// database, no identity provider), so Stryker can rerun them for every mutant in minutes.
import base from './jest.config.js';

const pure = { ...base };
delete pure.globalSetup;
delete pure.globalTeardown;

export default {
  ...pure,
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  testTimeout: 10000,
};
