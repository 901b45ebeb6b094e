/**
 * The finance dashboard runs as a specified user (`dashboardType` SpecifiedUser): a dynamic dashboard
 * (`LoggedInUser`) counts against the org's small dynamic-dashboard allowance, which many editions do not have
 * to spare, and the deploy fails where it is used up. The package's dashboard names no user, so the Metadata
 * API makes the deploying user its running user; `withRunningUser` sets a chosen one (org:setup deploys the
 * result with the post-install metadata).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The finance dashboard, relative to the repository. */
export const FINANCE_DASHBOARD = path.join(
  'force-app',
  'main',
  'default',
  'dashboards',
  'Stripe_Finance_Dashboards',
  'Stripe_Finance_Overview.dashboard-meta.xml',
);

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The dashboard XML with `<runningUser>` set to the username (replacing one that is there). `runningUser`
 * follows `rightSection` in the Dashboard type's element order.
 */
export function withRunningUser(xml: string, username: string): string {
  if (!/<dashboardType>SpecifiedUser<\/dashboardType>/.test(xml)) {
    throw new Error('the dashboard must be dashboardType SpecifiedUser to have a running user');
  }
  const element = `  <runningUser>${escapeXml(username)}</runningUser>\n`;
  if (/<runningUser>[^<]*<\/runningUser>/.test(xml)) {
    return xml.replace(/ *<runningUser>[^<]*<\/runningUser>\n?/, element);
  }
  const end = xml.indexOf('</rightSection>');
  if (end < 0) throw new Error('no rightSection in the dashboard');
  const at = xml.indexOf('\n', end) + 1;
  return xml.substring(0, at) + element + xml.substring(at);
}

/** The finance dashboard of the repository, running as the username. */
export function financeDashboardFor(repoRoot: string, username: string): string {
  return withRunningUser(readFileSync(path.join(repoRoot, FINANCE_DASHBOARD), 'utf8'), username);
}
