/**
 * @lwc/jest-transformer, with two changes:
 * - its cache key ignores whether Jest asked for coverage instrumentation, so after a run without
 *   --coverage a coverage run reuses uninstrumented output and files drop out of the coverage report
 *   (or count as 0%). The key now includes that flag.
 * - `@salesforce/label/c.Name` imports get the label's value from labels/CustomLabels.labels-meta.xml
 *   (as on the platform and in the browser check) instead of the string "c.Name", so tests read the
 *   words a user sees and a missing label fails.
 */
const { createHash } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const lwcTransformer = require('@lwc/jest-transformer');

const LABELS_FILE = path.join(
  __dirname,
  '..',
  'force-app',
  'main',
  'default',
  'labels',
  'CustomLabels.labels-meta.xml',
);
const LABEL_IMPORT = /^import\s+(\w+)\s+from\s+['"]@salesforce\/label\/c\.(\w+)['"];?\s*$/gm;

// The one reader of the labels file (TypeScript, loaded through tsx as the scripts are).
const { parseLabels } = require('tsx/cjs/api').require('../tools/labels/custom-labels.ts', __filename);

let cached;
function labels() {
  const text = existsSync(LABELS_FILE) ? readFileSync(LABELS_FILE, 'utf8') : '';
  if (cached && cached.text === text) {
    return cached;
  }
  const values = new Map(parseLabels(text).map((label) => [label.fullName, label.value]));
  cached = { text, values, hash: createHash('sha256').update(text).digest('hex').slice(0, 12) };
  return cached;
}

function withLabels(sourceText, sourcePath) {
  if (!sourceText.includes('@salesforce/label/')) {
    return sourceText;
  }
  const { values } = labels();
  return sourceText.replace(LABEL_IMPORT, (whole, identifier, name) => {
    if (!values.has(name)) {
      throw new Error(`${sourcePath}: no custom label ${name} in ${path.relative(process.cwd(), LABELS_FILE)}`);
    }
    return `const ${identifier} = ${JSON.stringify(values.get(name))};`;
  });
}

module.exports = {
  ...lwcTransformer,
  process(sourceText, sourcePath, options) {
    return lwcTransformer.process(withLabels(sourceText, sourcePath), sourcePath, options);
  },
  getCacheKey(sourceText, sourcePath, options) {
    const key = lwcTransformer.getCacheKey(sourceText, sourcePath, options);
    const labelKey = sourceText.includes('@salesforce/label/') ? `-labels-${labels().hash}` : '';
    return `${key}${labelKey}${options && options.instrument ? '-instrumented' : ''}`;
  },
};
