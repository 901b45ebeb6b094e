import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalOrg } from '../../src/index.js';

const projectDir = join(__dirname, 'org-project');

// Lightning Web Components Developer Guide, "Call Apex Methods": parameters are passed as an object whose
// keys are the parameter names; an AuraHandledException reaches the component as `error.body.message`.
test('callAura: JSON params by name, JSON result without nulls, as the chosen user', async () => {
  const org = await LocalOrg.load({ projectDir });
  const created = org.runAnonymous(`
    insert new User(LastName = 'Rep', Username = 'rep@example.com.local', Email = 'rep@example.com', Alias = 'rep',
      ProfileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id, TimeZoneSidKey = 'GMT',
      LocaleSidKey = 'en_US', LanguageLocaleKey = 'en_US', EmailEncodingKey = 'UTF-8');
  `);
  assert.equal(created.success, true, created.error);
  const repId = String(org.query("SELECT Id FROM User WHERE Username = 'rep@example.com.local'")[0].Id);

  const result = org.callAura('WidgetController.summarize', { NAME: 'w', counts: [1, 2, 3] }, { userId: repId });
  assert.deepEqual(result, { data: { name: 'w', count: 6, userId: repId } });
  const asAdmin = org.callAura('WidgetController.summarize', { name: 'w', counts: [] });
  assert.equal((asAdmin.data as { userId: string }).userId, org.services.seedInfo.adminUserId);

  const opened = org.callAura('WidgetController.open', { externalId: 'ok' });
  assert.match(String(opened.data), /^[a-zA-Z0-9]{18}$/);
  const transactions = org.transactions();
  assert.deepEqual(transactions.at(-1)?.kind, 'aura');
  assert.deepEqual(transactions.at(-1)?.entryPoint, 'WidgetController.open');
});

test('callAura: an exception is the rejection Lightning delivers and rolls the transaction back', async () => {
  const org = await LocalOrg.load({ projectDir });
  const refused = org.callAura('WidgetController.open', { externalId: 'refuse' });
  assert.equal(refused.error?.status, 500);
  assert.equal(refused.error?.body.message, 'Widgets named refuse are refused.');
  assert.equal(refused.error?.body.exceptionType, 'System.AuraHandledException');
  assert.equal(org.query("SELECT COUNT() FROM Widget__c WHERE External_Id__c = 'refuse'"), 0, 'rolled back');

  assert.match(org.callAura('WidgetController.notEnabled').error?.body.message ?? '', /No @AuraEnabled/);
  assert.match(org.callAura('NoSuchClass.method').error?.body.message ?? '', /No @AuraEnabled/);
});

test('setCustomMetadata: a changed record is what getInstance and SOQL return', async () => {
  const org = await LocalOrg.load({ projectDir });
  assert.equal(
    org.query("SELECT Label__c FROM Widget_Setting__mdt WHERE DeveloperName = 'Default'")[0].Label__c,
    'original',
  );
  org.setCustomMetadata('Widget_Setting__mdt', 'Default', { Label__c: 'changed' });
  assert.equal(
    org.query("SELECT Label__c FROM Widget_Setting__mdt WHERE DeveloperName = 'Default'")[0].Label__c,
    'changed',
  );
  const read = org.runAnonymous(`System.debug(Widget_Setting__mdt.getInstance('Default').Label__c);`);
  assert.ok(
    read.debug.some((line) => line.endsWith('|changed')),
    read.debug.join('\n'),
  );
  assert.throws(() => org.setCustomMetadata('Widget_Setting__mdt', 'Nope', {}), /No Widget_Setting__mdt record Nope/);
});
