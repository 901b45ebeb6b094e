'use strict';
/**
 * An ESLint import resolver (eslint-plugin-import interface v2) that resolves TypeScript's NodeNext
 * specifiers as tsc does: a relative `./x.js` (`.mjs`, `.cjs`) whose source is `x.ts` (`.tsx`; `.mts`,
 * `.cts`) resolves to that file. Everything else goes to eslint-import-resolver-node, with the same options.
 * Without it `import/no-cycle` never follows a `.js` specifier (tools/local-org) and misses its cycles.
 */
const fs = require('node:fs');
const path = require('node:path');
const node = require('eslint-import-resolver-node');

const SOURCE_EXTENSIONS = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

exports.interfaceVersion = 2;

exports.resolve = function resolve(source, file, config) {
  const extension = path.extname(source);
  if (source.startsWith('.') && SOURCE_EXTENSIONS[extension]) {
    for (const sourceExtension of SOURCE_EXTENSIONS[extension]) {
      const candidate = path.resolve(path.dirname(file), source.slice(0, -extension.length) + sourceExtension);
      if (fs.existsSync(candidate)) return { found: true, path: candidate };
    }
  }
  return node.resolve(source, file, config);
};
