/**
 * PMD on the package's Apex through @salesforce/code-analyzer-core with the pmd engine.
 * The rule selection is committed in config/apex-rules.json (the design rules' thresholds in
 * config/pmd-design.xml); any violation fails the run.
 *
 * Usage: tsx scripts/scan-apex.ts [--project <dir>]
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig, type Violation } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { REPO_ROOT, packageDirectories, projectDirFromArgs } from './lib/project';

interface RuleFile {
  rules: string[];
}

async function main(): Promise<number> {
  const projectDir = projectDirFromArgs();
  const { rules } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'config', 'apex-rules.json'), 'utf8')) as RuleFile;
  // One folder per run: two checkouts scanning at once must not read each other's engine output.
  const logFolder = mkdtempSync(path.join(os.tmpdir(), 'stripe-connector-code-analyzer-'));
  // The design rules (Stripe*) are PMD rules with this package's thresholds, in a custom ruleset.
  const config = CodeAnalyzerConfig.fromObject(
    {
      log_folder: logFolder,
      engines: { pmd: { custom_rulesets: [path.join(REPO_ROOT, 'config', 'pmd-design.xml')] } },
    },
    projectDir,
  );
  const analyzer = new CodeAnalyzer(config);
  await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());

  const targets = packageDirectories(projectDir);
  const workspace = await analyzer.createWorkspace(targets);
  // Selected without the workspace so that a rule name the engine does not know is reported
  // even when the workspace holds no Apex yet.
  const selection = await analyzer.selectRules(rules.map((rule) => `pmd:${rule}`));
  const selected = selection.getRulesFor('pmd').map((rule) => rule.getName());
  const missing = rules.filter((rule) => !selected.includes(rule));
  if (missing.length > 0) {
    console.error(`PMD rules in config/apex-rules.json that the engine does not know: ${missing.join(', ')}`);
    return 1;
  }

  const results = await analyzer.run(selection, { workspace });
  // The design rules (config/pmd-design.xml) are for the package's classes, not its test classes: a test
  // is a scenario read top to bottom with private helpers. (PMD's exclude-pattern is not applied by the
  // code analyzer, so the filter is here.)
  const isDesignRuleOnTest = (violation: Violation): boolean =>
    violation.getRule().getName().startsWith('Stripe') &&
    /[\\/]classes[\\/]tests[\\/]/.test(
      violation.getCodeLocations()[violation.getPrimaryLocationIndex()].getFile() ?? '',
    );
  const violations: Violation[] = results.getViolations().filter((violation) => !isDesignRuleOnTest(violation));
  for (const violation of violations) {
    const location = violation.getCodeLocations()[violation.getPrimaryLocationIndex()];
    const file = path.relative(projectDir, location.getFile() ?? '');
    console.error(
      `${file}:${location.getStartLine() ?? '?'}  ${violation.getRule().getName()}  ${violation.getMessage()}`,
    );
  }
  console.log(`PMD: ${selected.length} rules, ${violations.length} violation(s)`);
  return violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
