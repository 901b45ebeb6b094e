/** Numeric helpers: Decimal (BigInt unscaled + scale), Java-style Double formatting, wrapping arithmetic. */
import { ApexDecimal, ApexDouble } from './values.js';

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;

export function wrapInt(n: number): number {
  return n | 0;
}
export function wrapLong(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

export function parseDecimal(text: string): ApexDecimal | null {
  const t = text.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const intPart = m[2] || '0';
  const frac = m[3] ?? '';
  let unscaled = BigInt(intPart + frac);
  let scale = frac.length;
  if (m[4]) {
    const exp = Number(m[4]);
    scale -= exp;
    if (scale < 0) {
      unscaled *= 10n ** BigInt(-scale);
      scale = 0;
    }
  }
  return new ApexDecimal(m[1] === '-' ? -unscaled : unscaled, scale);
}

export function decFromInt(n: number | bigint): ApexDecimal {
  return new ApexDecimal(BigInt(n), 0);
}

export function decFromDouble(d: number): ApexDecimal {
  if (!isFinite(d)) throw new RangeError('non-finite');
  // Decimal.valueOf(Double) uses the Double's string form
  return parseDecimal(javaDoubleToString(d).replace(/E/, 'e'))!;
}

export function decToString(d: ApexDecimal): string {
  const neg = d.unscaled < 0n;
  let s = (neg ? -d.unscaled : d.unscaled).toString();
  if (d.scale > 0) {
    s = s.padStart(d.scale + 1, '0');
    s = s.slice(0, s.length - d.scale) + '.' + s.slice(s.length - d.scale);
  }
  return (neg ? '-' : '') + s;
}

export function decToNumber(d: ApexDecimal): number {
  return Number(decToString(d));
}

function align(a: ApexDecimal, b: ApexDecimal): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.unscaled * 10n ** BigInt(s - a.scale), b.unscaled * 10n ** BigInt(s - b.scale), s];
}
export function decAdd(a: ApexDecimal, b: ApexDecimal): ApexDecimal {
  const [x, y, s] = align(a, b);
  return new ApexDecimal(x + y, s);
}
export function decSub(a: ApexDecimal, b: ApexDecimal): ApexDecimal {
  const [x, y, s] = align(a, b);
  return new ApexDecimal(x - y, s);
}
export function decMul(a: ApexDecimal, b: ApexDecimal): ApexDecimal {
  return new ApexDecimal(a.unscaled * b.unscaled, a.scale + b.scale);
}
export function decCmp(a: ApexDecimal, b: ApexDecimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export type RoundingMode = 'UP' | 'DOWN' | 'CEILING' | 'FLOOR' | 'HALF_UP' | 'HALF_DOWN' | 'HALF_EVEN' | 'UNNECESSARY';

/** divide bigint n by d (d>0) with rounding */
function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  const r = an % ad;
  if (r !== 0n) {
    const twice = r * 2n;
    let up = false;
    switch (mode) {
      case 'UP':
        up = true;
        break;
      case 'DOWN':
        up = false;
        break;
      case 'CEILING':
        up = !neg;
        break;
      case 'FLOOR':
        up = neg;
        break;
      case 'HALF_UP':
        up = twice >= ad;
        break;
      case 'HALF_DOWN':
        up = twice > ad;
        break;
      case 'HALF_EVEN':
        up = twice > ad || (twice === ad && q % 2n === 1n);
        break;
      case 'UNNECESSARY':
        throw new RangeError('Rounding necessary');
    }
    if (up) q += 1n;
  }
  return neg ? -q : q;
}

export function decSetScale(a: ApexDecimal, scale: number, mode: RoundingMode = 'HALF_EVEN'): ApexDecimal {
  if (scale >= a.scale) return new ApexDecimal(a.unscaled * 10n ** BigInt(scale - a.scale), scale);
  return new ApexDecimal(divRound(a.unscaled, 10n ** BigInt(a.scale - scale), mode), scale);
}

/** Decimal division: exact when it terminates within 32 significant digits, else rounded HALF_UP (platform-like). */
export function decDiv(a: ApexDecimal, b: ApexDecimal, scale?: number, mode: RoundingMode = 'HALF_UP'): ApexDecimal {
  if (b.unscaled === 0n) throw new RangeError('Divide by 0');
  if (scale !== undefined) {
    // result = a.unscaled*10^-as / (b.unscaled*10^-bs), at `scale`
    const num = a.unscaled * 10n ** BigInt(Math.max(0, scale + b.scale - a.scale));
    const den = b.unscaled * 10n ** BigInt(Math.max(0, a.scale - scale - b.scale));
    return new ApexDecimal(divRound(num, den, mode), scale);
  }
  const preferred = Math.max(0, a.scale - b.scale);
  // try exact division up to a generous scale
  for (let s = preferred; s <= preferred + 40; s++) {
    const num = a.unscaled * 10n ** BigInt(Math.max(0, s + b.scale - a.scale));
    const den = b.unscaled * 10n ** BigInt(Math.max(0, a.scale - s - b.scale));
    if (num % den === 0n) return new ApexDecimal(num / den, s);
  }
  // non-terminating: 32 significant digits
  const intDigits = decToString(
    decSetScale(new ApexDecimal(a.unscaled * 10n ** BigInt(b.scale), a.scale), 0, 'DOWN'),
  ).replace('-', '').length;
  const q0 = decDiv(a, b, 0, 'DOWN');
  const digits = q0.unscaled === 0n ? 0 : q0.unscaled.toString().replace('-', '').length;
  void intDigits;
  return decDiv(a, b, Math.max(0, 32 - digits), mode);
}

export function decStripTrailingZeros(a: ApexDecimal): ApexDecimal {
  if (a.unscaled === 0n) return new ApexDecimal(0n, 0);
  let u = a.unscaled;
  let s = a.scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s--;
  }
  return new ApexDecimal(u, s);
}

export function decPrecision(a: ApexDecimal): number {
  return a.unscaled === 0n ? 1 : a.unscaled.toString().replace('-', '').length;
}

/** Java's Double.toString */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : s + '.0';
  }
  const [mant, exp] = d.toExponential().split('e');
  const m = mant.includes('.') ? mant : mant + '.0';
  return `${m}E${Number(exp)}`;
}

export function dbl(n: number): ApexDouble {
  return new ApexDouble(n);
}
