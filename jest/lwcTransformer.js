/**
 * @lwc/jest-transformer, with two changes:
 * - its cache key ignores whether Jest asked for coverage instrumentation, so after a run without
 *   --coverage a coverage run reuses uninstrumented output and files drop out of the coverage report
 *   (or count as 0%). The key now includes that flag.
 * - it turns `import x from '@salesforce/label/c.Name'` (and the other per-name platform modules) into
 *   `try { x = require(...) } catch { x = <a made-up value> }`: a module Jest cannot find would silently
 *   become "c.Name". jest.config.js maps these modules to the stubs' generated copies
 *   (tools/platform-stubs/modules.ts); this fails the file instead if one is missing.
 */
const { existsSync } = require('node:fs');
const lwcTransformer = require('@lwc/jest-transformer');

const { GENERATED_SPECIFIER, JEST_GENERATED_DIR, generatedFile } = require('tsx/cjs/api').require(
  '../tools/platform-stubs/modules.ts',
  __filename,
);

const SCOPED_IMPORT = /^\s*import\s+[^'"]*?from\s+['"](@salesforce\/[^'"]+)['"]/gm;

function checkScopedImports(sourceText, sourcePath) {
  if (!sourceText.includes('@salesforce/')) {
    return;
  }
  for (const [, specifier] of sourceText.matchAll(SCOPED_IMPORT)) {
    if (GENERATED_SPECIFIER.test(specifier) && !existsSync(generatedFile(JEST_GENERATED_DIR, specifier))) {
      throw new Error(
        `${sourcePath}: ${specifier} has no stub module (tools/platform-stubs/modules.ts generates none)`,
      );
    }
  }
}

module.exports = {
  ...lwcTransformer,
  process(sourceText, sourcePath, options) {
    checkScopedImports(sourceText, sourcePath);
    return lwcTransformer.process(sourceText, sourcePath, options);
  },
  getCacheKey(sourceText, sourcePath, options) {
    const key = lwcTransformer.getCacheKey(sourceText, sourcePath, options);
    return `${key}${options && options.instrument ? '-instrumented' : ''}`;
  },
};
