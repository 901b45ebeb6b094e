/**
 * PlatformEventSubscriberConfig metadata (`platformEventSubscriberConfigs/<Name>.platformEventSubscriberConfig-meta.xml`):
 * the running user and batch size of a platform event Apex trigger. Platform Events Developer Guide › Configure the
 * User and Batch Size for Your Platform Event Trigger: "By default, the trigger runs as the Automated Process system
 * user with a batch size of 2,000 event messages"; `platformEventConsumer` is the trigger's full name, `user` the
 * username of "any active user in the Salesforce org", `batchSize` from 1 through 2,000. Records the trigger writes
 * are then created and modified as that user. A config naming no active user of the org is not applied (the
 * platform refuses to deploy it).
 * https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_trigger_config.htm
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { OrgDatabase } from './database.js';

/** How a platform event trigger runs. */
export interface SubscriberConfig {
  userId: string;
  batchSize: number;
}

const SUFFIX = '.platformEventSubscriberConfig-meta.xml';

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? m[1]!.trim() : undefined;
}

/** Every `platformEventSubscriberConfigs/*` file below `dir` (any depth). */
export function subscriberConfigFilesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 8 || !existsSync(d)) return;
    for (const entry of readdirSync(d).sort()) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const p = join(d, entry);
      if (!statSync(p).isDirectory()) continue;
      if (entry === 'platformEventSubscriberConfigs') {
        for (const f of readdirSync(p).sort()) if (f.endsWith(SUFFIX)) out.push(readFileSync(join(p, f), 'utf8'));
      } else walk(p, depth + 1);
    }
  };
  walk(dir, 0);
  return out;
}

/**
 * Applies configs (their XML) to `configs`, keyed by the trigger name in lower case. Returns the triggers configured.
 */
export function applySubscriberConfigs(
  db: OrgDatabase,
  xmls: string[],
  configs: Map<string, SubscriberConfig>,
): string[] {
  const applied: string[] = [];
  for (const xml of xmls) {
    const trigger = tag(xml, 'platformEventConsumer');
    const username = tag(xml, 'user');
    if (!trigger) continue;
    const user = username
      ? db
          .rows('User')
          .find(
            (r) =>
              String(r.values.get('username') ?? '').toLowerCase() === username.toLowerCase() &&
              r.values.get('isactive') === true,
          )
      : undefined;
    if (username && !user) continue;
    const size = Number(tag(xml, 'batchSize') ?? 2000);
    const batchSize = Number.isInteger(size) && size >= 1 && size <= 2000 ? size : 2000;
    const current = configs.get(trigger.toLowerCase());
    configs.set(trigger.toLowerCase(), { userId: user?.id ?? current?.userId ?? '', batchSize });
    applied.push(trigger);
  }
  return applied;
}
