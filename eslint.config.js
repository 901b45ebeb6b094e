const lwcConfig = require('@salesforce/eslint-config-lwc');
const tseslint = require('typescript-eslint');
const jestPlugin = require('eslint-plugin-jest');
const globals = require('globals');
// The LWC config brings its own eslint-plugin-import for the components; reuse that instance (flat config
// refuses two different objects under one plugin name).
const importPlugin =
  lwcConfig.configs.recommendedTs.map((config) => config.plugins && config.plugins.import).find(Boolean) ||
  require('eslint-plugin-import');

/**
 * LWC rules (@salesforce/eslint-config-lwc recommended-ts) for component sources,
 * typescript-eslint (type-aware) for everything TypeScript, jest rules for tests.
 */
module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      'reports/**',
      '.tmp/**',
      'tools/local-org/dist/**',
      'tools/browser-check/dist/**',
      'tools/preview/dist/**',
      'build/**',
      'force-app/**/lwc/**/*.js',
      '**/*.d.ts',
      'eslint.config.js',
      'jest.config.js',
      'scripts/**/*.js',
    ],
  },
  ...lwcConfig.configs.recommendedTs.map((config) => ({
    ...config,
    files: ['force-app/**/lwc/**/*.ts'],
  })),
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({
    ...config,
    files: ['**/*.ts'],
    ignores: ['tools/local-org/**'],
  })),
  // The local Apex runtime is an interpreter: its values are dynamically typed by nature (Apex values
  // flow through `any`), so it gets typescript-eslint's syntactic rules, not the type-aware ones.
  ...tseslint.configs.recommended.map((config) => ({
    ...config,
    files: ['tools/local-org/**/*.ts'],
  })),
  {
    files: ['tools/local-org/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['tools/local-org/**'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: __dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // No import cycles in the TypeScript (docs/architecture.md, "Layering rules"): a cycle hides which
    // module depends on which. The node resolver with TypeScript extensions finds the relative imports;
    // scripts/lib/eslint-resolver-ts.js maps NodeNext's `./x.js` to `x.ts` first. This rule skips
    // type-only imports; `npm run check:layering` checks the whole graph, types included.
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': {
        [require.resolve('./scripts/lib/eslint-resolver-ts.js')]: { extensions: ['.ts', '.js', '.json'] },
      },
      'import/extensions': ['.ts', '.js'],
    },
    rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The local Apex runtime is a dependency (@stripe-connector/local-apex-org): import it by name, never its
    // files by path (scripts/tests/local-org-package.test.ts also checks require, import() and path.join).
    files: ['**/*.ts'],
    ignores: ['tools/local-org/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'local-org/(src|dist)(/|$)',
              message: 'Import @stripe-connector/local-apex-org (or its /interpreter, /ast exports) by name.',
            },
          ],
        },
      ],
    },
  },
  {
    // node:test's test() returns a promise the runner itself awaits.
    files: ['scripts/tests/**/*.ts', 'tools/**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['**/__tests__/**/*.ts', 'jest/**/*.ts'],
    ...jestPlugin.configs['flat/recommended'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
      globals: { ...globals.jest, ...globals.browser },
    },
    rules: {
      ...jestPlugin.configs['flat/recommended'].rules,
      '@typescript-eslint/unbound-method': 'off',
      // Tests drive wire adapters directly (adapter.emit) and wait with setTimeout, as lwc-recipes' tests do.
      '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off',
      '@lwc/lwc/no-async-operation': 'off',
    },
  },
);
