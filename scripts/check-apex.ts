/**
 * Apex semantic analysis with apex-ls (io.github.apexdevtools.apexls.CheckForIssues), the
 * analyser shipped inside @salesforce/code-analyzer-pmd-engine. It resolves every type, method
 * and field (against the object metadata in the project) as the platform compiler would.
 * Any error fails the run; apex-ls's exit code is not relied on, its report is parsed.
 *
 * Usage: tsx scripts/check-apex.ts [--project <dir>]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeAnalyzerJavaClasspath, projectDirFromArgs, run } from './lib/project';

interface ApexLsIssue {
  path: string;
  line: number;
  message: string;
}

/** Parses the JSON report of CheckForIssues (`-f json`): files, each with its messages. */
function parseReport(stdout: string): ApexLsIssue[] {
  const start = stdout.indexOf('{');
  if (start < 0) {
    return [];
  }
  const report = JSON.parse(stdout.slice(start)) as {
    files?: Array<{ path: string; messages: Array<{ start: { line: number }; category: string; message: string }> }>;
  };
  return (report.files ?? []).flatMap((file) =>
    file.messages.map((message) => ({
      path: file.path,
      line: message.start.line,
      message: `${message.category}: ${message.message}`,
    })),
  );
}

function main(): number {
  const projectDir = projectDirFromArgs();
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'apexls-'));
  try {
    const result = run('java', [
      '-cp',
      codeAnalyzerJavaClasspath(),
      'io.github.apexdevtools.apexls.CheckForIssues',
      '-w',
      projectDir,
      '-f',
      'json',
      '-n',
      '-c',
      cacheDir,
    ]);
    const issues = parseReport(result.stdout);
    for (const issue of issues) {
      console.error(`${path.relative(projectDir, issue.path)}:${issue.line}  ${issue.message}`);
    }
    if (result.stderr.trim()) {
      console.error(result.stderr.trim());
    }
    console.log(`apex-ls: ${issues.length} error(s)`);
    // CheckForIssues exits 4 when it reports errors; any other non-zero status is a crash.
    return issues.length === 0 && result.status === 0 ? 0 : 1;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

process.exit(main());
