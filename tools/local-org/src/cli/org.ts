#!/usr/bin/env node
/**
 * `npm run org -- exec <file.apex>`   run anonymous Apex against a fresh local org, print the debug log
 * `npm run org -- query "<soql>"`     (after optional `--exec <file.apex>` setup) print query results as JSON
 * `npm run org -- rest <METHOD> <path> [bodyFile]`  call an @RestResource, print the response
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LocalOrg } from '../index.js';

function findProjectDir(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'sfdx-project.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(start);
    dir = up;
  }
}

function usage(): never {
  console.error(
    'usage: npm run org -- exec <file.apex> [--async]\n       npm run org -- query "<soql>" [--exec <file.apex>]\n       npm run org -- rest <METHOD> <path> [bodyFile] [--header "Name: value"]...',
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd) usage();
  const projectDir = findProjectDir(process.env.LOCAL_ORG_PROJECT ?? process.cwd());
  const org = await LocalOrg.load({ projectDir });
  const flag = (name: string) => {
    const i = rest.indexOf(name);
    if (i < 0) return undefined;
    const v = rest[i + 1];
    rest.splice(i, 2);
    return v;
  };
  const runFile = (file: string): boolean => {
    const res = org.runAnonymous(readFileSync(file, 'utf8'));
    for (const line of res.debug) console.log(line);
    if (!res.success) console.error(`ERROR: ${res.error}`);
    return res.success;
  };
  switch (cmd) {
    case 'exec': {
      const runAsync = rest.includes('--async');
      const file = rest.find((a) => !a.startsWith('--'));
      if (!file) usage();
      const ok = runFile(file);
      if (runAsync) {
        for (const r of org.runAsyncJobs())
          console.log(`ASYNC ${r.kind} ${r.className} ${r.status}${r.error ? ': ' + r.error : ''}`);
      }
      for (const t of org.transactions()) {
        const l = t.limits;
        console.log(
          `TRANSACTION ${t.kind} ${t.entryPoint}: SOQL ${l.queries}, rows ${l.queryRows}, DML ${l.dmlStatements}, DML rows ${l.dmlRows}, callouts ${l.callouts}, CPU ${l.cpuMillis} ms${t.error ? ' — ' + t.error : ''}`,
        );
      }
      return ok ? 0 : 1;
    }
    case 'query': {
      const setup = flag('--exec');
      if (setup && !runFile(setup)) return 1;
      const soql = rest.join(' ');
      console.log(JSON.stringify(org.query(soql), null, 2));
      return 0;
    }
    case 'rest': {
      const headers: Record<string, string> = {};
      for (let h = flag('--header'); h !== undefined; h = flag('--header')) {
        const i = h.indexOf(':');
        headers[h.substring(0, i).trim()] = h.substring(i + 1).trim();
      }
      const [method, path, bodyFile] = rest;
      if (!method || !path) usage();
      const res = org.rest({ method, path, headers, body: bodyFile ? readFileSync(bodyFile, 'utf8') : null });
      console.log(JSON.stringify(res, null, 2));
      return res.statusCode < 400 ? 0 : 1;
    }
    default:
      usage();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
