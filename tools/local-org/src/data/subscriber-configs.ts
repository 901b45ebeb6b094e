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
import { metadataFilesBelow, xmlTag as tag } from './metadata-files.js';
import type { OrgDatabase } from './database.js';

/** How a platform event trigger runs. */
export interface SubscriberConfig {
  userId: string;
  batchSize: number;
}

const SUFFIX = '.platformEventSubscriberConfig-meta.xml';

/** Every `platformEventSubscriberConfigs/*` file below `dir` (any depth): their XML. */
export function subscriberConfigFilesBelow(dir: string): string[] {
  return metadataFilesBelow(dir, 'platformEventSubscriberConfigs', SUFFIX).map((file) => file.xml);
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
