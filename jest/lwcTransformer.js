/**
 * @lwc/jest-transformer, with one fix: its cache key ignores whether Jest asked for coverage
 * instrumentation, so after a run without --coverage a coverage run reuses uninstrumented output
 * and files drop out of the coverage report (or count as 0%). The key now includes that flag.
 */
const lwcTransformer = require('@lwc/jest-transformer');

module.exports = {
  ...lwcTransformer,
  getCacheKey(sourceText, sourcePath, options) {
    const key = lwcTransformer.getCacheKey(sourceText, sourcePath, options);
    return options && options.instrument ? `${key}-instrumented` : key;
  },
};
