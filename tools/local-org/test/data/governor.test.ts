/**
 * Heap and CPU limits (Apex Developer Guide, "Execution Governors and Limits": total heap size 6 MB synchronous,
 * 12 MB asynchronous; maximum CPU time 10 000 ms synchronous; a LimitException cannot be caught). The measurable
 * parts (figures, async limits) are in conformance/ConfGovernorTest.cls; the uncatchable throws are here because an
 * Apex test method cannot survive them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LocalOrg } from '../../src/index.js';

const projectDir = join(__dirname, 'org-project');

test('heap: a 7.4-million-character string in a synchronous transaction throws, and no catch stops it', async () => {
  const org = await LocalOrg.load({ projectDir });
  const r = org.runAnonymous(`
    try {
      String big = 'x'.repeat(7400000);
      System.debug(big.length());
    } catch (Exception e) {
      System.debug('caught ' + e.getMessage());
    }
  `);
  assert.equal(r.success, false);
  assert.match(r.error!, /^System\.LimitException: Apex heap size too large: \d+/);
  assert.ok(!r.debug.some((l) => l.includes('caught')), r.debug.join('\n'));
});

test('heap: a collection growing past 6 MB throws at a periodic check', async () => {
  const org = await LocalOrg.load({ projectDir });
  const r = org.runAnonymous(`
    List<String> parts = new List<String>();
    for (Integer i = 0; i < 80000; i++) parts.add('0123456789'.repeat(10));
  `);
  assert.equal(r.success, false);
  assert.match(r.error!, /^System\.LimitException: Apex heap size too large/);
});

test('heap: Limits.getHeapSize() counts a string by its characters, under the 6 MB synchronous limit', async () => {
  const org = await LocalOrg.load({ projectDir });
  const r = org.runAnonymous(`
    System.debug(Limits.getLimitHeapSize());
    String big = 'x'.repeat(5000000);
    System.debug(Limits.getHeapSize() > 5000000);
  `);
  assert.equal(r.success, true, r.error);
  assert.ok(
    r.debug.some((l) => l.endsWith('|6000000')),
    r.debug.join('\n'),
  );
  assert.ok(
    r.debug.some((l) => l.endsWith('|true')),
    r.debug.join('\n'),
  );
});

test('CPU: a runaway loop throws the uncatchable CPU LimitException after about 10 s of modelled time', async () => {
  const org = await LocalOrg.load({ projectDir });
  const r = org.runAnonymous(`
    try {
      Integer i = 0;
      while (true) { i++; }
    } catch (Exception e) {
      System.debug('caught');
    }
  `);
  assert.equal(r.success, false);
  assert.match(r.error!, /^System\.LimitException: Apex CPU time limit exceeded/);
  assert.ok(!r.debug.some((l) => l.endsWith('|caught')));
  const tx = org.transactions().at(-1)!;
  assert.ok(tx.limits.cpuMillis > 10000 && tx.limits.cpuMillis < 10200, String(tx.limits.cpuMillis));
});

test('heap: a big string stored in a static or a field is checked at once', async () => {
  const org = await LocalOrg.load({ projectDir });
  const r = org.runAnonymous(`
    Map<String, Object> holder = new Map<String, Object>();
    holder.put('big', 'x'.repeat(3000000));
    String second = 'y'.repeat(3100000);
  `);
  assert.equal(r.success, false);
  assert.match(r.error!, /^System\.LimitException: Apex heap size too large/);
});
