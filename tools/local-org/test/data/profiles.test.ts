import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalOrg } from '../../src/index.js';

const projectDir = join(__dirname, 'org-project');

// Object Reference, "Profile" (Permissions<Name> fields, UserLicenseId) and "UserLicense" (Name,
// LicenseDefinitionKey): tests find a profile by license and permissions, not by its translated name.
test('standard profiles carry their license and user permissions', async () => {
  const org = await LocalOrg.load({ projectDir });
  const rows = org.query(
    "SELECT Name FROM Profile WHERE UserLicense.LicenseDefinitionKey = 'SFDC' AND PermissionsModifyAllData = false AND PermissionsEditTask = true",
  ) as Array<{ Name: string }>;
  // A new org's Salesforce-licensed profiles without admin rights that may edit tasks.
  assert.deepEqual(
    rows.map((r) => r.Name),
    ['Standard User', 'Marketing User', 'Contract Manager', 'Solution Manager'],
  );
  const admin = org.query(
    "SELECT PermissionsModifyAllData, PermissionsViewSetup, UserLicense.Name FROM Profile WHERE Name = 'System Administrator'",
  ) as Array<Record<string, unknown>>;
  assert.equal(admin[0].PermissionsModifyAllData, true);
  assert.equal(admin[0].PermissionsViewSetup, true);
  assert.equal((admin[0].UserLicense as { Name: string }).Name, 'Salesforce');
  const guest = org.query("SELECT UserLicense.LicenseDefinitionKey FROM Profile WHERE UserType = 'Guest'") as Array<{
    UserLicense: { LicenseDefinitionKey: string };
  }>;
  assert.equal(guest[0].UserLicense.LicenseDefinitionKey, 'PID_Guest_User');
});
