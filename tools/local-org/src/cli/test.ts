#!/usr/bin/env node
/**
 * The `local-apex-test` command (dist/cli/test.js): runs the project's Apex tests in the local runtime
 * (test-main.ts; usage there and in README.md). It first makes sure node runs with the runner's V8 flags
 * (v8-flags.ts: when they are not set, this process re-runs itself with them and only waits for that child).
 */
import { relaunched } from './v8-flags.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when this process runs the tests
if (!relaunched) require('./test-main.js');
