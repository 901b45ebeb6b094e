import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as N from '../../src/interpreter/numbers.js';

test('Decimal parse/format keeps the scale', () => {
  assert.equal(N.decToString(N.parseDecimal('1.10')!), '1.10');
  assert.equal(N.decToString(N.parseDecimal('-0.05')!), '-0.05');
  assert.equal(N.decToString(N.decAdd(N.parseDecimal('1.10')!, N.parseDecimal('2')!)), '3.10');
  assert.equal(N.decToString(N.decMul(N.parseDecimal('1.5')!, N.parseDecimal('1.5')!)), '2.25');
  assert.equal(N.decToString(N.parseDecimal('1e3')!), '1000');
});

test('Decimal rounding modes', () => {
  const d = N.parseDecimal('2.5')!;
  assert.equal(N.decToString(N.decSetScale(d, 0, 'HALF_UP')), '3');
  assert.equal(N.decToString(N.decSetScale(d, 0, 'HALF_EVEN')), '2');
  assert.equal(N.decToString(N.decSetScale(d, 0, 'HALF_DOWN')), '2');
  assert.equal(N.decToString(N.decSetScale(N.parseDecimal('-2.1')!, 0, 'FLOOR')), '-3');
  assert.equal(N.decToString(N.decSetScale(N.parseDecimal('-2.1')!, 0, 'CEILING')), '-2');
  assert.equal(N.decToString(N.decSetScale(N.parseDecimal('-2.1')!, 0, 'UP')), '-3');
});

test('Decimal division', () => {
  assert.equal(N.decToString(N.decDiv(N.parseDecimal('1')!, N.parseDecimal('4')!)), '0.25');
  assert.equal(N.decToString(N.decDiv(N.parseDecimal('10')!, N.parseDecimal('4')!, 1, 'HALF_UP')), '2.5');
  assert.equal(N.decToString(N.decDiv(N.parseDecimal('1')!, N.parseDecimal('3')!)).length, 34);
});

test('Java Double.toString', () => {
  assert.equal(N.javaDoubleToString(1), '1.0');
  assert.equal(N.javaDoubleToString(0.5), '0.5');
  assert.equal(N.javaDoubleToString(1e7), '1.0E7');
  assert.equal(N.javaDoubleToString(1.5e-4), '1.5E-4');
});
