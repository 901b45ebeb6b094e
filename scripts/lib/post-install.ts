/**
 * The org-specific metadata deployed after the package (config/post-install: the Platform Event subscriber config and
 * the Site, which name users of the org), with its `{{INTEGRATION_USERNAME}}`-style placeholders filled in: what
 * `npm run org:setup` deploys to a scratch org and the local preview (tools/preview) deploys to its local org.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The placeholders of config/post-install. */
export interface PostInstallValues {
  INTEGRATION_USERNAME: string;
  ADMIN_USERNAME: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/**
 * Copies `<repoRoot>/config/post-install` to a new temporary directory with the placeholders filled in.
 * @returns the directory (the caller removes it), or undefined when the project has no post-install metadata
 */
export function renderPostInstall(repoRoot: string, values: PostInstallValues): string | undefined {
  const source = path.join(repoRoot, 'config', 'post-install');
  if (!existsSync(source)) return undefined;
  const target = mkdtempSync(path.join(os.tmpdir(), 'post-install-'));
  cpSync(source, target, { recursive: true });
  const known: Record<string, string> = { ...values };
  for (const file of listFiles(target)) {
    const text = readFileSync(file, 'utf8').replace(/\{\{(\w+)\}\}/g, (whole, key: string) => known[key] ?? whole);
    writeFileSync(file, text);
  }
  return target;
}
