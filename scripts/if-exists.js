#!/usr/bin/env node
// Runs a command only when a path exists: `node scripts/if-exists.js <path> <command...>`.
// Lets `npm run build` include parts of the toolchain (the local Apex runtime) once they exist.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const [target, command, ...args] = process.argv.slice(2);
if (!existsSync(target)) process.exit(0);
const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
