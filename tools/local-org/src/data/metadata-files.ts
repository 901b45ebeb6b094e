/**
 * Source-format metadata files of one type below a folder: the walk and the XML tag reader the Site and
 * platform event subscriber config loaders share.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One metadata file: its API name (file name without `suffix`) and its XML. */
export interface MetadataFile {
  name: string;
  xml: string;
}

/** The trimmed text of the first `<name>` element of `xml`, or undefined. */
export function xmlTag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? m[1]!.trim() : undefined;
}

/** Every `<folder>/*<suffix>` file below `dir` (a source folder, up to 8 levels deep), in sorted path order. */
export function metadataFilesBelow(dir: string, folder: string, suffix: string): MetadataFile[] {
  const out: MetadataFile[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 8 || !existsSync(d)) return;
    for (const entry of readdirSync(d).sort()) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const p = join(d, entry);
      if (!statSync(p).isDirectory()) continue;
      if (entry === folder) {
        for (const f of readdirSync(p).sort()) {
          if (f.endsWith(suffix)) out.push({ name: f.slice(0, -suffix.length), xml: readFileSync(join(p, f), 'utf8') });
        }
      } else walk(p, depth + 1);
    }
  };
  walk(dir, 0);
  return out;
}
