/**
 * Metadata XML parsed through a disk cache: parsing the project's object, field and permission-set XML was ~15% of
 * the runner's start-up. A parse result is plain data (strings, objects, arrays: the parsers here never type tag or
 * attribute values), so it is kept as JSON in the OS temp directory next to the AST cache (interpreter/loader.ts),
 * keyed by a hash of the parser's options (functions by their source), the XML text and CACHE_VERSION.
 * `LOCAL_ORG_NO_CACHE=1` disables it, as it does the AST cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { XMLParser, type X2jOptions } from 'fast-xml-parser';

const CACHE_VERSION = 'xml-1';
const cacheDir = join(tmpdir(), 'local-org-ast-cache');

/** what `parse` answers: the parsed document */
export type XmlDocument = Record<string, any>;

/** An XMLParser whose `parse` reads its result from the disk cache when the same text was parsed before. */
export interface CachedXmlParser {
  parse(xml: string): XmlDocument;
}

/** the options as text, functions by their source, so that changed options never read a stale result */
function optionsKey(options: X2jOptions): string {
  return JSON.stringify(options, (_k, v) => (typeof v === 'function' ? `fn:${String(v)}` : v));
}

/** An XMLParser with these options, parsing through the disk cache. */
export function cachedXmlParser(options: X2jOptions): CachedXmlParser {
  const parser = new XMLParser(options);
  const key = CACHE_VERSION + '\0' + optionsKey(options) + '\0';
  return {
    parse(xml: string): XmlDocument {
      if (process.env.LOCAL_ORG_NO_CACHE) return parser.parse(xml) as XmlDocument;
      const file = join(
        cacheDir,
        'xml-' +
          createHash('sha1')
            .update(key + xml)
            .digest('hex') +
          '.json',
      );
      if (existsSync(file)) {
        try {
          return JSON.parse(readFileSync(file, 'utf8')) as XmlDocument;
        } catch {
          /* parse again */
        }
      }
      const doc = parser.parse(xml) as XmlDocument;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${file}.${process.pid}.${threadId}.tmp`;
        writeFileSync(tmp, JSON.stringify(doc));
        renameSync(tmp, file);
      } catch {
        /* the cache is best effort */
      }
      return doc;
    },
  };
}
