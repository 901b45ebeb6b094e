import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalOrg } from '../../src/index.js';

const projectDir = join(__dirname, 'org-project');

/** A source folder as `sf project deploy start --source-dir` takes it: a Site and a subscriber config. */
function postInstall(username: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-org-deploy-'));
  mkdirSync(join(dir, 'sites'));
  mkdirSync(join(dir, 'platformEventSubscriberConfigs'));
  writeFileSync(
    join(dir, 'sites', 'Widget_Portal.site-meta.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<CustomSite xmlns="http://soap.sforce.com/2006/04/metadata">
  <active>true</active>
  <masterLabel>Widget Portal</masterLabel>
  <siteAdmin>${username}</siteAdmin>
  <siteGuestRecordDefaultOwner>${username}</siteGuestRecordDefaultOwner>
  <siteType>Visualforce</siteType>
  <urlPathPrefix>widgets</urlPathPrefix>
</CustomSite>`,
  );
  writeFileSync(
    join(dir, 'platformEventSubscriberConfigs', 'AuditConfig.platformEventSubscriberConfig-meta.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<PlatformEventSubscriberConfig xmlns="http://soap.sforce.com/2006/04/metadata">
  <batchSize>100</batchSize>
  <masterLabel>AuditConfig</masterLabel>
  <platformEventConsumer>AuditTrigger</platformEventConsumer>
  <user>${username}</user>
</PlatformEventSubscriberConfig>`,
  );
  return dir;
}

test('LocalOrg.deploy: a Site with its guest user, profile and detail row; REST through the Site as its guest', async () => {
  const org = await LocalOrg.load({ projectDir, startTime: Date.UTC(2026, 10, 23, 9, 0, 0) });
  const dir = postInstall('admin@local-org.example');
  try {
    assert.deepEqual(org.deploy(dir), { sites: ['Widget_Portal'], subscriberConfigs: ['AuditTrigger'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [site] = org.query(
    'SELECT Id, Name, MasterLabel, Status, UrlPathPrefix, GuestUserId, GuestUser.UserType, GuestUser.Name, GuestUser.Profile.Name, Admin.Username, GuestRecordDefaultOwner.Username FROM Site',
  );
  assert.equal(site.Name, 'Widget_Portal');
  assert.equal(site.Status, 'Active');
  assert.equal(site.UrlPathPrefix, 'widgets');
  assert.equal(site.GuestUser.UserType, 'Guest');
  assert.equal(site.GuestUser.Name, 'Widget Portal Site Guest User');
  assert.equal(site.GuestUser.Profile.Name, 'Widget Portal Profile');
  assert.equal(site.Admin.Username, 'admin@local-org.example');
  assert.equal(site.GuestRecordDefaultOwner.Username, 'admin@local-org.example');
  const [detail] = org.query('SELECT DurableId, SecureUrl FROM SiteDetail');
  assert.equal(detail.DurableId, site.Id);
  assert.match(detail.SecureUrl, /^https:\/\/[\w.-]+\/widgets$/);

  const echo = org.rest({
    method: 'POST',
    path: '/echo',
    site: 'Widget_Portal',
    headers: { 'Content-Type': 'application/json' },
    body: '{"name":"x","count":1}',
  });
  assert.equal(echo.statusCode, 200, echo.body);
  assert.equal(
    org.rest({ method: 'POST', path: '/echo', site: 'No_Such_Site', headers: {}, body: '{}' }).statusCode,
    404,
  );
});

test('a platform event trigger runs as the user of its subscriber config, and the work it enqueues as that user', async () => {
  const org = await LocalOrg.load({ projectDir, startTime: Date.UTC(2026, 10, 23, 9, 0, 0) });
  const made = org.runAnonymous(`
    insert new User(LastName = 'Integration', Alias = 'integ', Username = 'integration@local-org.example',
      Email = 'integration@example.com', ProfileId = [SELECT Id FROM Profile WHERE Name = 'System Administrator'].Id,
      TimeZoneSidKey = 'GMT', LocaleSidKey = 'en_US', LanguageLocaleKey = 'en_US', EmailEncodingKey = 'UTF-8');`);
  assert.equal(made.success, true, made.error);
  const dir = postInstall('integration@local-org.example');
  try {
    org.deploy(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(org.runAnonymous(`EventBus.publish(new Audit__e(Key__c = 'configured'));`).success, true);
  org.runAsyncJobs();
  const [row] = org.query("SELECT CreatedBy.Username FROM Widget__c WHERE External_Id__c = 'configured'");
  assert.equal(row.CreatedBy.Username, 'integration@local-org.example', 'the trigger ran as the configured user');

  // Without a config (Ping__e): the Automated Process user; its queueable runs as the user who enqueued it.
  assert.equal(org.runAnonymous(`EventBus.publish(new Ping__e(Key__c = 'default'));`).success, true);
  org.runAsyncJobs();
  org.advanceTime(10 * 60);
  org.runAsyncJobs();
  const [job] = org.query(
    "SELECT CreatedBy.Name, CreatedBy.UserType FROM Widget__c WHERE External_Id__c = 'default-job'",
  );
  assert.equal(job.CreatedBy.UserType, 'AutomatedProcess', JSON.stringify(job));
});

test("a record the Site's guest user inserts is owned by the Site's default record owner, not the guest", async () => {
  // Summer '20 release notes, "Assign New Records Created by Salesforce Sites Guest Users to a Default Owner".
  const org = await LocalOrg.load({ projectDir, startTime: Date.UTC(2026, 10, 23, 9, 0, 0) });
  const made = org.runAnonymous(`
    insert new User(LastName = 'Owner', Alias = 'owner', Username = 'owner@local-org.example',
      Email = 'owner@example.com', ProfileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id,
      TimeZoneSidKey = 'GMT', LocaleSidKey = 'en_US', LanguageLocaleKey = 'en_US', EmailEncodingKey = 'UTF-8');`);
  assert.equal(made.success, true, made.error);
  const dir = postInstall('owner@local-org.example');
  try {
    org.deploy(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const created = org.rest({
    method: 'POST',
    path: '/widgets/new',
    site: 'Widget_Portal',
    headers: {},
    body: 'guest-made',
  });
  assert.equal(created.statusCode, 201, created.body);
  const [row] = org.query(
    "SELECT Owner.Username, CreatedBy.UserType FROM Widget__c WHERE External_Id__c = 'guest-made'",
  );
  assert.equal(row.CreatedBy.UserType, 'Guest', 'the guest user inserted it');
  assert.equal(row.Owner.Username, 'owner@local-org.example', "owned by the Site's default record owner");
  // Anyone else still owns what they insert.
  assert.equal(org.runAnonymous(`insert new Widget__c(External_Id__c = 'admin-made');`).success, true);
  const [own] = org.query("SELECT OwnerId, CreatedById FROM Widget__c WHERE External_Id__c = 'admin-made'");
  assert.equal(own.OwnerId, own.CreatedById);
});
