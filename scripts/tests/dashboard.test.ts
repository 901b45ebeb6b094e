/**
 * The finance dashboard is not dynamic (no dynamic-dashboard allowance needed) and org:setup can name its
 * running user.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FINANCE_DASHBOARD, financeDashboardFor, withRunningUser } from '../lib/dashboard';
import { REPO_ROOT } from '../lib/project';

test('the finance dashboard runs as a specified user, not as each viewer', () => {
  const xml = readFileSync(path.join(REPO_ROOT, FINANCE_DASHBOARD), 'utf8');
  assert.match(xml, /<dashboardType>SpecifiedUser<\/dashboardType>/);
  assert.doesNotMatch(xml, /LoggedInUser|MyTeamUser/);
  assert.doesNotMatch(xml, /<runningUser>/, 'no org-specific username in the package');
});

test('withRunningUser sets the running user after rightSection, once', () => {
  const xml = financeDashboardFor(REPO_ROOT, 'finance.lead@acme.example');
  assert.equal(XMLValidator.validate(xml), true);
  const dashboard = (new XMLParser().parse(xml) as { Dashboard: Record<string, unknown> }).Dashboard;
  assert.equal(dashboard.runningUser, 'finance.lead@acme.example');
  const keys = Object.keys(dashboard);
  assert.equal(keys.indexOf('runningUser'), keys.indexOf('rightSection') + 1, 'element order');
  const again = withRunningUser(xml, 'other@acme.example');
  assert.equal((again.match(/<runningUser>/g) ?? []).length, 1);
  assert.match(again, /<runningUser>other@acme\.example<\/runningUser>/);
  assert.throws(() => withRunningUser('<Dashboard><dashboardType>LoggedInUser</dashboardType></Dashboard>', 'x'));
});
