/**
 * The Lightning pages name only what the package has (scripts/lib/page-references.ts, run by
 * `npm run validate:metadata`): the package's own pages pass, and each planted mistake in a copy of the
 * package is reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pageReferenceProblems, picklistLabelProblems } from '../lib/page-references';
import { REPO_ROOT } from '../lib/project';

const DEFAULT = path.join('force-app', 'main', 'default');
const SUBSCRIPTION_PAGE = path.join(DEFAULT, 'flexipages', 'Stripe_Subscription_Record_Page.flexipage-meta.xml');
const CONTACT_PAGE = path.join(DEFAULT, 'flexipages', 'Stripe_Contact_Record_Page.flexipage-meta.xml');
const FINANCE_HOME = path.join(DEFAULT, 'flexipages', 'Stripe_Finance_Home.flexipage-meta.xml');
const ADMIN_PAGE = path.join(DEFAULT, 'flexipages', 'Stripe_Admin_Setup.flexipage-meta.xml');
const SUBSCRIPTION_STATUS = path.join(
  DEFAULT,
  'objects',
  'Stripe_Subscription__c',
  'fields',
  'Status__c.field-meta.xml',
);

/** A copy of the package's metadata with some files edited. */
function withEdits(edits: Array<[string, (xml: string) => string]>, check: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pages-'));
  try {
    cpSync(path.join(REPO_ROOT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
    cpSync(path.join(REPO_ROOT, 'force-app'), path.join(dir, 'force-app'), {
      recursive: true,
      // The checks read metadata XML only; leaving out code and markup keeps each copy small.
      filter: (source) => source.endsWith('.xml') || statSync(source).isDirectory(),
    });
    for (const [file, edit] of edits) {
      const target = path.join(dir, file);
      const before = readFileSync(target, 'utf8');
      const after = edit(before);
      assert.notEqual(after, before, `the edit of ${file} changed nothing`);
      writeFileSync(target, after);
    }
    check(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertReported(problems: string[], pattern: RegExp): void {
  assert.ok(
    problems.some((problem) => pattern.test(problem)),
    `expected a problem matching ${pattern}, got:\n${problems.join('\n')}`,
  );
}

test('the package pages, overrides, list views and layouts name only what exists', () => {
  assert.deepEqual(pageReferenceProblems(REPO_ROOT), []);
});

test('every picklist value has words for a label, the same the components show', () => {
  assert.deepEqual(picklistLabelProblems(REPO_ROOT), []);
});

test('a missing, hidden or misplaced custom component is reported', () => {
  withEdits(
    [
      [CONTACT_PAGE, (xml) => xml.replace('c:stripeCustomer<', 'c:stripeCustomerCard<')],
      [ADMIN_PAGE, (xml) => xml.replace('c:stripeSetupChecklist<', 'c:stripeErrorPanel<')],
      [
        FINANCE_HOME,
        (xml) =>
          xml.replace(
            '<componentName>flexipage:filterListCard</componentName>',
            '<componentName>c:stripeBillingHistory</componentName>',
          ),
      ],
      [
        SUBSCRIPTION_PAGE,
        (xml) =>
          xml.replace(
            '</flexiPageRegions>\n  <masterLabel>',
            '</flexiPageRegions>\n  <flexiPageRegions>\n    <itemInstances>\n      <componentInstance>\n        <componentName>c:stripePayments</componentName>\n        <identifier>planted</identifier>\n      </componentInstance>\n    </itemInstances>\n    <mode>Replace</mode>\n    <name>sidebar</name>\n    <type>Region</type>\n  </flexiPageRegions>\n  <masterLabel>',
          ),
      ],
    ],
    (dir) => {
      const problems = pageReferenceProblems(dir);
      assertReported(problems, /Stripe_Contact_Record_Page.*c:stripeCustomerCard: no such component/);
      assertReported(problems, /Stripe_Admin_Setup.*c:stripeErrorPanel: not exposed/);
      assertReported(problems, /Stripe_Finance_Home.*c:stripeBillingHistory: not exposed for lightning__HomePage/);
      assertReported(
        problems,
        /Stripe_Subscription_Record_Page.*c:stripePayments: not offered on Stripe_Subscription__c record pages/,
      );
    },
  );
});

test('words a page shows that are not custom labels, or name a label the package lacks, are reported', () => {
  withEdits(
    [
      [
        CONTACT_PAGE,
        (xml) =>
          xml
            .replace('{!$Label.Stripe_Page_StripeTab}', 'Stripe')
            .replace('{!$Label.Stripe_Page_PaymentsList}', '{!$Label.Stripe_Page_Payments}'),
      ],
      [SUBSCRIPTION_PAGE, (xml) => xml.replace('{!$Label.Stripe_Page_RecentPaymentsList}', 'Recent payments')],
    ],
    (dir) => {
      const problems = pageReferenceProblems(dir);
      assertReported(problems, /Stripe_Contact_Record_Page.*stripeTab: title "Stripe" is literal text/);
      assertReported(problems, /relatedListLabel names the custom label Stripe_Page_Payments, which the package lacks/);
      assertReported(problems, /Stripe_Subscription_Record_Page.*relatedListLabel "Recent payments" is literal text/);
      // Standard tab titles (Standard.Tab.detail) are the platform's own words, translated by it.
      assert.ok(!problems.some((problem) => problem.includes('Standard.Tab')), problems.join('\n'));
    },
  );
});

test('unknown standard components, missing list views, fields, facets and actions are reported', () => {
  withEdits(
    [
      [
        SUBSCRIPTION_PAGE,
        (xml) =>
          xml
            .replace('<value>Decline_Code__c</value>', '<value>Decline_Reason__c</value>')
            .replace(
              '<value>Stripe_Subscription__c.Cancel_Subscription</value>',
              '<value>Stripe_Subscription__c.Pause</value>',
            )
            .replace('<value>relatedTabContent</value>', '<value>relatedContent</value>'),
      ],
      [
        FINANCE_HOME,
        (xml) =>
          xml
            .replace('<value>Disputed_Payments</value>', '<value>Disputes</value>')
            .replace('<value>Stripe_Finance_Overview</value>', '<value>Finance_Overview</value>'),
      ],
      [CONTACT_PAGE, (xml) => xml.replace('force:detailPanel', 'force:detailsPanel')],
      [ADMIN_PAGE, (xml) => xml.replace('<name>region2</name>', '<name>sidebar</name>')],
    ],
    (dir) => {
      const problems = pageReferenceProblems(dir);
      assertReported(problems, /column Decline_Reason__c: no such field on Stripe_Payment__c/);
      assertReported(problems, /no quick action Stripe_Subscription__c\.Pause/);
      assertReported(problems, /names facet relatedContent, which the page does not have/);
      assertReported(problems, /facet relatedTabContent is not shown/);
      assertReported(problems, /no list view Stripe_Payment__c\.Disputes/);
      assertReported(problems, /no dashboard Finance_Overview/);
      assertReported(problems, /force:detailsPanel: neither a c: component nor a known standard component/);
      assertReported(
        problems,
        /region sidebar is not a region of flexipage:appHomeTemplateHeaderTwoColumnsLeftSidebar/,
      );
    },
  );
});

test('overrides and tabs must name a page of the right kind; list views their fields', () => {
  const subscriptionObject = path.join(
    DEFAULT,
    'objects',
    'Stripe_Subscription__c',
    'Stripe_Subscription__c.object-meta.xml',
  );
  const tab = path.join(DEFAULT, 'tabs', 'Stripe_Admin_Setup.tab-meta.xml');
  const listView = path.join(
    DEFAULT,
    'objects',
    'Stripe_Subscription__c',
    'listViews',
    'Status_Changed_This_Week.listView-meta.xml',
  );
  withEdits(
    [
      [
        subscriptionObject,
        (xml) =>
          xml.replace(
            '<content>Stripe_Subscription_Record_Page</content>',
            '<content>Stripe_Payment_Record_Page</content>',
          ),
      ],
      [
        tab,
        (xml) => xml.replace('<flexiPage>Stripe_Admin_Setup</flexiPage>', '<flexiPage>Stripe_Finance_Home</flexiPage>'),
      ],
      [listView, (xml) => xml.replace('<field>Status_Changed_At__c</field>', '<field>Status_Change_At__c</field>')],
    ],
    (dir) => {
      const problems = pageReferenceProblems(dir);
      assertReported(
        problems,
        /View override of Stripe_Subscription__c names Stripe_Payment_Record_Page, a RecordPage of Stripe_Payment__c/,
      );
      assertReported(problems, /tab names Stripe_Finance_Home, which is not an AppPage/);
      assertReported(problems, /no field Stripe_Subscription__c\.Status_Change_At__c/);
    },
  );
});

test('a code as a picklist label, or a label other than the components show, is reported', () => {
  withEdits(
    [
      [
        SUBSCRIPTION_STATUS,
        (xml) =>
          xml
            .replace('<label>Past due</label>', '<label>past_due</label>')
            .replace('<label>Unpaid</label>', '<label>Not paid</label>'),
      ],
    ],
    (dir) => {
      const problems = picklistLabelProblems(dir);
      assertReported(problems, /value past_due has the label "past_due", a code/);
      assertReported(problems, /value unpaid reads "Not paid" here and "Unpaid" in the components/);
    },
  );
});
