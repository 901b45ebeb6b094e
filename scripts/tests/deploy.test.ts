/**
 * `npm run deploy` / `npm run deploy:validate`: the `sf` command lines they build (the org from the flag, a bare
 * argument or SF_TARGET_ORG; validation runs the package's own test classes) and the test-class discovery.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployArgs } from '../deploy';
import { packageTestClasses, targetOrg } from '../lib/sf';
import { scheduleJobsApex, scheduleJobsArgs } from '../schedule-jobs';

const tests = () => ['ATest', 'BTest'];

test('deploy: sf project deploy start against --target-org', () => {
  assert.deepEqual(deployArgs('deploy', ['--target-org', 'my-org'], {}, tests), [
    'project',
    'deploy',
    'start',
    '--source-dir',
    'force-app',
    '--target-org',
    'my-org',
    '--wait',
    '60',
  ]);
});

test('validate: check-only with RunSpecifiedTests and every package test class', () => {
  assert.deepEqual(deployArgs('validate', ['prod'], {}, tests), [
    'project',
    'deploy',
    'validate',
    '--source-dir',
    'force-app',
    '--target-org',
    'prod',
    '--test-level',
    'RunSpecifiedTests',
    '--tests',
    'ATest',
    '--tests',
    'BTest',
    '--wait',
    '60',
  ]);
});

test('validate: RunLocalTests on request, extra flags pass through, the org from SF_TARGET_ORG', () => {
  const args = deployArgs(
    'validate',
    ['--test-level', 'RunLocalTests', '--wait', '90'],
    { SF_TARGET_ORG: 'ci' },
    tests,
  );
  assert.deepEqual(args.slice(5), ['--target-org', 'ci', '--test-level', 'RunLocalTests', '--wait', '90']);
});

test('no org, an unknown test level or a validation without tests is refused', () => {
  assert.throws(() => deployArgs('deploy', [], {}, tests), /no target org/);
  assert.throws(
    () => deployArgs('deploy', ['-o', 'x', '--test-level', 'Everything'], {}, tests),
    /unknown --test-level/,
  );
  assert.throws(() => deployArgs('validate', ['x', '--test-level', 'NoTestRun'], {}, tests), /runs tests/);
});

test('targetOrg: flag, -o, bare argument, environment', () => {
  assert.equal(targetOrg(['--target-org=a']), 'a');
  assert.equal(targetOrg(['-o', 'b']), 'b');
  assert.equal(targetOrg(['c', '--wait', '5']), 'c');
  assert.equal(targetOrg([], { SF_TARGET_ORG: 'd' }), 'd');
});

test('packageTestClasses: the @IsTest classes of force-app with test methods', () => {
  const names = packageTestClasses();
  assert.ok(names.includes('StripeCheckoutControllerTest'));
  assert.ok(names.includes('StripeLogPurgeBatchTest'), 'tests next to their classes count too');
  assert.ok(!names.includes('StripeTestData'), 'a factory without test methods is not a test class');
  assert.ok(!names.includes('StripeCheckoutController'));
});

test('schedule-jobs: anonymous Apex through sf apex run, abort only on request', () => {
  assert.deepEqual(scheduleJobsArgs(['--target-org', 'integration'], '/tmp/x.apex', {}), [
    'apex',
    'run',
    '--file',
    '/tmp/x.apex',
    '--target-org',
    'integration',
  ]);
  assert.match(scheduleJobsApex(false), /StripeJobScheduler\.scheduleJobs\(\)/);
  assert.match(scheduleJobsApex(true), /StripeJobScheduler\.abortJobs\(\)/);
  assert.doesNotMatch(scheduleJobsApex(true), /scheduleJobs/);
  assert.throws(() => scheduleJobsArgs([], '/tmp/x.apex', {}), /no target org/);
});
