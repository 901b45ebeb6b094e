const path = require('node:path');
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

// The stubs' module map (TypeScript, loaded through tsx as the scripts are): the one tools/browser-check/build.ts uses.
const { JEST_GENERATED_DIR, jestModuleNameMapper, projectLabels } = require('tsx/cjs/api').require(
  './tools/platform-stubs/modules.ts',
  __filename,
);

/**
 * LWC Jest: TypeScript components and tests run through @lwc/jest-transformer. Every platform module the
 * components import (lightning/uiRecordApi, @salesforce/apex/*, labels, ...) maps to tools/platform-stubs,
 * the stubs the browser check and the preview bundle (scripts/tests/platform-stubs.test.ts keeps the two
 * the same). Base components (<lightning-button>, ...) stay sfdx-lwc-jest's stand-ins: see
 * tools/platform-stubs/README.md.
 */
module.exports = {
  ...jestConfig,
  // css: a CSS-only module (`@import 'c/stripeCardStyles';`) resolves to its .css file.
  moduleFileExtensions: ['ts', 'js', 'html', 'css'],
  transform: {
    ...jestConfig.transform,
    '^.+\\.(js|ts|html|css)$': '<rootDir>/jest/lwcTransformer.js',
  },
  // The generated per-name modules are ES modules under node_modules/.cache: compile them too.
  transformIgnorePatterns: [
    '/node_modules/(?!(.*@lwc/state)|(.*@salesforce/sfdx-lwc-jest/src/lightning-stubs)|(\\.cache/platform-stubs)/)',
  ],
  testMatch: ['**/lwc/**/__tests__/**/*.test.ts'],
  // The user the tests run as (a time zone west of UTC).
  setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/jest/user.ts'],
  moduleNameMapper: jestModuleNameMapper({
    lwcDir: path.join(__dirname, 'force-app', 'main', 'default', 'lwc'),
    generatedDir: JEST_GENERATED_DIR,
    labels: projectLabels(__dirname, __dirname),
  }),
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
