const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

/**
 * LWC Jest: TypeScript components and tests run through @lwc/jest-transformer.
 * Platform modules that sfdx-lwc-jest does not stub are mapped to jest/mocks/.
 */
module.exports = {
  ...jestConfig,
  // css: a CSS-only module (`@import 'c/stripeCardStyles';`) resolves to its .css file.
  moduleFileExtensions: ['ts', 'js', 'html', 'css'],
  transform: {
    ...jestConfig.transform,
    '^.+\\.(js|ts|html|css)$': '<rootDir>/jest/lwcTransformer.js',
  },
  testMatch: ['**/lwc/**/__tests__/**/*.test.ts'],
  moduleNameMapper: {
    '^lightning/actions$': '<rootDir>/jest/mocks/lightningActions.ts',
    '^lightning/navigation$': '<rootDir>/jest/mocks/lightningNavigation.ts',
  },
  // Only the TypeScript sources count: the compiled .js beside them is a build artefact.
  collectCoverageFrom: ['force-app/**/lwc/**/*.ts', '!force-app/**/lwc/**/__tests__/**'],
  coverageDirectory: 'coverage/lwc',
  coverageReporters: ['text-summary', 'lcov', 'json-summary'],
  coverageThreshold: {
    global: { statements: 90, branches: 80, functions: 90, lines: 90 },
  },
  testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/.tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.tmp/'],
};
