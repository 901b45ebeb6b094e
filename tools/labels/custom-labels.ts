/**
 * The one reader of `labels/CustomLabels.labels-meta.xml`: the labels generator (`scripts/generate-labels.ts`),
 * the Jest transformer (`jest/lwcTransformer.js`) and the browser-check bundle (`tools/browser-check/build.ts`)
 * all read label values through it, so the components read the same words in every runner.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package's labels file. */
export const PACKAGE_LABELS_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  'force-app',
  'main',
  'default',
  'labels',
  'CustomLabels.labels-meta.xml',
);

/** A `<labels>` entry of a CustomLabels file (Metadata API, "CustomLabels"). */
export interface CustomLabel {
  fullName: string;
  categories?: string;
  language: string;
  protected: string;
  shortDescription: string;
  value: string;
}

const REQUIRED = ['fullName', 'language', 'protected', 'shortDescription', 'value'] as const;

/** The text of an XML element with its five predefined entities resolved. */
export function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The labels of a CustomLabels file, in file order; throws on an entry without a required element. */
export function parseLabels(xml: string): CustomLabel[] {
  const labels: CustomLabel[] = [];
  for (const [, body] of xml.matchAll(/<labels>([\s\S]*?)<\/labels>/g)) {
    const entry: Record<string, string> = {};
    for (const [, name, value] of body.matchAll(/<(\w+)>([\s\S]*?)<\/\1>/g)) {
      entry[name] = unescapeXml(value);
    }
    const missing = REQUIRED.filter((name) => entry[name] === undefined);
    if (missing.length > 0) {
      throw new Error(`label ${entry.fullName ?? '(no fullName)'} lacks ${missing.join(', ')}`);
    }
    labels.push(entry as unknown as CustomLabel);
  }
  return labels;
}

/** Label values by name, as the platform serves them to `@salesforce/label/c.Name`; empty when the file is absent. */
export function labelValues(file: string): Map<string, string> {
  const values = new Map<string, string>();
  if (existsSync(file)) {
    for (const label of parseLabels(readFileSync(file, 'utf8'))) {
      values.set(label.fullName, label.value);
    }
  }
  return values;
}
