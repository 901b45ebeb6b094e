/** Date, Datetime, Time: instance methods, constructors, Java SimpleDateFormat formatting, time zones. */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { ApexDate, ApexDatetime, ApexTime, ApexDecimal, ApexDouble, type Value } from './values.js';

const DAY = 86400000;
const p2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function dateToString(d: ApexDate): string {
  return `${String(d.year).padStart(4, '0')}-${p2(d.month)}-${p2(d.day)}`;
}
export function datetimeToString(d: ApexDatetime): string {
  const x = new Date(d.ms);
  return `${x.getUTCFullYear()}-${p2(x.getUTCMonth() + 1)}-${p2(x.getUTCDate())} ${p2(x.getUTCHours())}:${p2(x.getUTCMinutes())}:${p2(x.getUTCSeconds())}`;
}
export function timeToString(t: ApexTime): string {
  const ms = t.ms;
  return `${p2(Math.floor(ms / 3600000))}:${p2(Math.floor(ms / 60000) % 60)}:${p2(Math.floor(ms / 1000) % 60)}.${String(ms % 1000).padStart(3, '0')}Z`;
}

export function dateOfMs(ms: number): ApexDate {
  const d = new Date(ms);
  return new ApexDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
export function msOfDate(d: ApexDate): number {
  return Date.UTC(d.year, d.month - 1, d.day);
}

/** Intl.DateTimeFormat per time zone: creating one costs far more than formatting with it */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
function wallClockFormat(tz: string): Intl.DateTimeFormat {
  let f = wallClockFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(tz, f);
  }
  return f;
}

/** offset in ms of time zone tz at instant ms (local = utc + offset) */
export function tzOffset(ms: number, tz: string): number {
  if (!tz || tz === 'GMT' || tz === 'UTC') return 0;
  const f = wallClockFormat(tz);
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}
/** instant for local wall time in tz */
export function localToUtc(localMs: number, tz: string): number {
  let guess = localMs - tzOffset(localMs, tz);
  guess = localMs - tzOffset(guess, tz);
  return guess;
}

/** Intl.DateTimeFormat per time zone for its short name (tzShortName) */
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

function tzShortName(ms: number, tz: string): string {
  if (!tz || tz === 'GMT') return 'GMT';
  let f = zoneNameFormats.get(tz);
  if (!f) zoneNameFormats.set(tz, (f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })));
  const p = f.formatToParts(new Date(ms)).find((x) => x.type === 'timeZoneName');
  return p?.value ?? tz;
}

/** Java SimpleDateFormat */
export function formatDate(ms: number, pattern: string, tz: string): string {
  const off = tzOffset(ms, tz);
  const d = new Date(ms + off);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      out += pattern.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[a-zA-Z]/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    i += n;
    const pad = (v: number) => String(v).padStart(n, '0');
    const h = d.getUTCHours();
    switch (c) {
      case 'y':
      case 'Y':
        out += n === 2 ? p2(d.getUTCFullYear() % 100) : pad(d.getUTCFullYear());
        break;
      case 'M':
        out +=
          n >= 4 ? MONTHS[d.getUTCMonth()] : n === 3 ? MONTHS[d.getUTCMonth()].slice(0, 3) : pad(d.getUTCMonth() + 1);
        break;
      case 'd':
        out += pad(d.getUTCDate());
        break;
      case 'H':
        out += pad(h);
        break;
      case 'k':
        out += pad(h === 0 ? 24 : h);
        break;
      case 'h':
        out += pad(h % 12 === 0 ? 12 : h % 12);
        break;
      case 'K':
        out += pad(h % 12);
        break;
      case 'm':
        out += pad(d.getUTCMinutes());
        break;
      case 's':
        out += pad(d.getUTCSeconds());
        break;
      case 'S':
        out += String(d.getUTCMilliseconds()).padStart(3, '0').slice(0, Math.max(3, n)).padStart(n, '0');
        break;
      case 'a':
        out += h < 12 ? 'AM' : 'PM';
        break;
      case 'E':
        out += n >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()].slice(0, 3);
        break;
      case 'u':
        out += String(d.getUTCDay() === 0 ? 7 : d.getUTCDay());
        break;
      case 'D':
        out += pad(
          Math.floor(
            (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY,
          ) + 1,
        );
        break;
      case 'z':
        out += tzShortName(ms, tz);
        break;
      case 'Z': {
        const m = Math.round(off / 60000);
        out += (m < 0 ? '-' : '+') + p2(Math.floor(Math.abs(m) / 60)) + p2(Math.abs(m) % 60);
        break;
      }
      case 'X': {
        const m = Math.round(off / 60000);
        if (m === 0) out += 'Z';
        else {
          const hh = (m < 0 ? '-' : '+') + p2(Math.floor(Math.abs(m) / 60));
          out += n === 1 ? hh : n === 2 ? hh + p2(Math.abs(m) % 60) : hh + ':' + p2(Math.abs(m) % 60);
        }
        break;
      }
      default:
        throw new Error(`Illegal pattern character '${c}'`);
    }
  }
  return out;
}

function num(interp: Interpreter, v: Value): number {
  if (v === null) interp.npe();
  return interp.toNum(v);
}

function addMonths(d: ApexDate, n: number): ApexDate {
  let m = d.year * 12 + (d.month - 1) + n;
  const y = Math.floor(m / 12);
  m = m - y * 12 + 1;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return new ApexDate(y, m, Math.min(d.day, dim));
}

export function dateMethod(interp: Interpreter, d: ApexDate, lc: string, args: Value[]): Value {
  const a0 = args[0];
  switch (lc) {
    case 'adddays':
      return dateOfMs(msOfDate(d) + num(interp, a0) * DAY);
    case 'addmonths':
      return addMonths(d, num(interp, a0));
    case 'addyears':
      return addMonths(d, 12 * num(interp, a0));
    case 'day':
      return d.day;
    case 'month':
      return d.month;
    case 'year':
      return d.year;
    case 'dayofyear':
      return Math.round((msOfDate(d) - Date.UTC(d.year, 0, 1)) / DAY) + 1;
    case 'daysbetween':
      return Math.round((msOfDate(a0 as ApexDate) - msOfDate(d)) / DAY);
    case 'monthsbetween': {
      const o = a0 as ApexDate;
      return (o.year - d.year) * 12 + (o.month - d.month);
    }
    case 'format':
      return `${d.month}/${d.day}/${d.year}`;
    case 'issameday':
      return a0 instanceof ApexDate && a0.year === d.year && a0.month === d.month && a0.day === d.day;
    case 'tostartofmonth':
      return new ApexDate(d.year, d.month, 1);
    case 'tostartofweek':
      return dateOfMs(msOfDate(d) - new Date(msOfDate(d)).getUTCDay() * DAY);
    case 'tostring':
      return dateToString(d);
    case 'equals':
      return interp.equalsValue(d, a0);
    case 'hashcode':
      return msOfDate(d) / DAY;
  }
  return interp.unsupported(`Date.${lc}`);
}

export function datetimeMethod(interp: Interpreter, d: ApexDatetime, lc: string, args: Value[]): Value {
  const tz = interp.user.timeZone;
  const a0 = args[0];
  const local = new Date(d.ms + tzOffset(d.ms, tz));
  const gmt = new Date(d.ms);
  const addLocalMonths = (n: number) => {
    const ld = addMonths(new ApexDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()), n);
    const lms = msOfDate(ld) + (((local.getTime() % DAY) + DAY) % DAY);
    return new ApexDatetime(localToUtc(lms, tz));
  };
  switch (lc) {
    case 'gettime':
      return BigInt(d.ms);
    case 'addseconds':
      return new ApexDatetime(d.ms + num(interp, a0) * 1000);
    case 'addminutes':
      return new ApexDatetime(d.ms + num(interp, a0) * 60000);
    case 'addhours':
      return new ApexDatetime(d.ms + num(interp, a0) * 3600000);
    case 'adddays':
      return new ApexDatetime(localToUtc(d.ms + tzOffset(d.ms, tz) + num(interp, a0) * DAY, tz));
    case 'addmonths':
      return addLocalMonths(num(interp, a0));
    case 'addyears':
      return addLocalMonths(12 * num(interp, a0));
    case 'date':
      return new ApexDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
    case 'dategmt':
      return new ApexDate(gmt.getUTCFullYear(), gmt.getUTCMonth() + 1, gmt.getUTCDate());
    case 'time':
      return new ApexTime(((local.getTime() % DAY) + DAY) % DAY);
    case 'timegmt':
      return new ApexTime(((d.ms % DAY) + DAY) % DAY);
    case 'year':
      return local.getUTCFullYear();
    case 'yeargmt':
      return gmt.getUTCFullYear();
    case 'month':
      return local.getUTCMonth() + 1;
    case 'monthgmt':
      return gmt.getUTCMonth() + 1;
    case 'day':
      return local.getUTCDate();
    case 'daygmt':
      return gmt.getUTCDate();
    case 'hour':
      return local.getUTCHours();
    case 'hourgmt':
      return gmt.getUTCHours();
    case 'minute':
      return local.getUTCMinutes();
    case 'minutegmt':
      return gmt.getUTCMinutes();
    case 'second':
      return local.getUTCSeconds();
    case 'secondgmt':
      return gmt.getUTCSeconds();
    case 'millisecond':
      return local.getUTCMilliseconds();
    case 'millisecondgmt':
      return gmt.getUTCMilliseconds();
    case 'dayofyear':
      return (
        Math.round(
          (Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) -
            Date.UTC(local.getUTCFullYear(), 0, 1)) /
            DAY,
        ) + 1
      );
    case 'dayofyeargmt':
      return (
        Math.round(
          (Date.UTC(gmt.getUTCFullYear(), gmt.getUTCMonth(), gmt.getUTCDate()) - Date.UTC(gmt.getUTCFullYear(), 0, 1)) /
            DAY,
        ) + 1
      );
    case 'format':
      if (args.length === 0) return formatDate(d.ms, 'M/d/yyyy h:mm a', tz);
      return fmt(interp, d.ms, a0 as string, args.length > 1 ? (args[1] as string) : tz);
    case 'formatgmt':
      return fmt(interp, d.ms, a0 as string, 'GMT');
    case 'formatlong':
      return formatDate(d.ms, 'M/d/yyyy h:mm:ss a z', tz);
    case 'issameday':
      return a0 instanceof ApexDatetime && formatDate(a0.ms, 'yyyyMMdd', tz) === formatDate(d.ms, 'yyyyMMdd', tz);
    case 'tostring':
      return datetimeToString(d);
    case 'equals':
      return a0 instanceof ApexDatetime && a0.ms === d.ms;
    case 'hashcode':
      return d.ms | 0;
  }
  return interp.unsupported(`Datetime.${lc}`);
}

function fmt(interp: Interpreter, ms: number, pattern: string, tz: string): string {
  try {
    return formatDate(ms, pattern, tz);
  } catch (e) {
    return interp.throwApex('System.StringException', (e as Error).message);
  }
}

export function timeMethod(interp: Interpreter, t: ApexTime, lc: string, args: Value[]): Value {
  const add = (ms: number) => new ApexTime((((t.ms + ms) % DAY) + DAY) % DAY);
  switch (lc) {
    case 'hour':
      return Math.floor(t.ms / 3600000);
    case 'minute':
      return Math.floor(t.ms / 60000) % 60;
    case 'second':
      return Math.floor(t.ms / 1000) % 60;
    case 'millisecond':
      return t.ms % 1000;
    case 'addhours':
      return add(num(interp, args[0]) * 3600000);
    case 'addminutes':
      return add(num(interp, args[0]) * 60000);
    case 'addseconds':
      return add(num(interp, args[0]) * 1000);
    case 'addmilliseconds':
      return add(num(interp, args[0]));
    case 'tostring':
      return timeToString(t);
  }
  return interp.unsupported(`Time.${lc}`);
}

function ymd(interp: Interpreter, args: Value[], i: number): [number, number, number] {
  return [num(interp, args[i]), num(interp, args[i + 1]), num(interp, args[i + 2])];
}

/** static methods of Date/Datetime/Time */
export function dateStatic(
  interp: Interpreter,
  type: 'date' | 'datetime' | 'time',
  lc: string,
  args: Value[],
): Value | undefined {
  const tz = interp.user.timeZone;
  const a0 = args[0];
  if (type === 'date') {
    switch (lc) {
      case 'today':
        return datetimeMethod(interp, new ApexDatetime(interp.nowMs()), 'date', []);
      case 'newinstance':
        return new ApexDate(...ymd(interp, args, 0));
      case 'valueof': {
        if (a0 === null) return null;
        if (a0 instanceof ApexDatetime) return datetimeMethod(interp, a0, 'dategmt', []);
        const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(String(a0).trim());
        if (!m) interp.throwApex('System.TypeException', `Invalid date: ${a0}`);
        return new ApexDate(Number(m[1]), Number(m[2]), Number(m[3]));
      }
      case 'parse': {
        const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(String(a0).trim());
        if (!m) interp.throwApex('System.TypeException', `Invalid date: ${a0}`);
        return new ApexDate(Number(m[3]), Number(m[1]), Number(m[2]));
      }
      case 'daysinmonth':
        return new Date(Date.UTC(num(interp, a0), num(interp, args[1]), 0)).getUTCDate();
      case 'isleapyear': {
        const y = num(interp, a0);
        return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
      }
    }
    return undefined;
  }
  if (type === 'datetime') {
    switch (lc) {
      case 'now':
        return new ApexDatetime(interp.nowMs());
      case 'newinstance':
      case 'newinstancegmt': {
        const zone = lc === 'newinstancegmt' ? 'GMT' : tz;
        if (args.length === 1) {
          if (typeof a0 === 'bigint' || typeof a0 === 'number') return new ApexDatetime(Number(a0));
          interp.unsupported('Datetime.newInstance(?)');
        }
        if (args.length === 2 && a0 instanceof ApexDate && args[1] instanceof ApexTime)
          return new ApexDatetime(localToUtc(msOfDate(a0) + args[1].ms, zone));
        const [y, mo, d] = ymd(interp, args, 0);
        const h = args.length > 3 ? num(interp, args[3]) : 0;
        const mi = args.length > 4 ? num(interp, args[4]) : 0;
        const s = args.length > 5 ? num(interp, args[5]) : 0;
        return new ApexDatetime(localToUtc(Date.UTC(y, mo - 1, d, h, mi, s), zone));
      }
      case 'valueof':
      case 'valueofgmt': {
        if (a0 === null) return null;
        const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(String(a0).trim());
        if (!m) interp.throwApex('System.TypeException', `Invalid date/time: ${a0}`);
        const local = Date.UTC(
          Number(m[1]),
          Number(m[2]) - 1,
          Number(m[3]),
          Number(m[4] ?? 0),
          Number(m[5] ?? 0),
          Number(m[6] ?? 0),
        );
        return new ApexDatetime(lc === 'valueofgmt' ? local : localToUtc(local, tz));
      }
      case 'parse': {
        const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))? ?(AM|PM)$/i.exec(String(a0).trim());
        if (!m) interp.throwApex('System.TypeException', `Invalid date/time: ${a0}`);
        let h = Number(m[4]) % 12;
        if (m[7].toUpperCase() === 'PM') h += 12;
        return new ApexDatetime(
          localToUtc(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), h, Number(m[5]), Number(m[6] ?? 0)), tz),
        );
      }
    }
    return undefined;
  }
  if (lc === 'newinstance') {
    const [h, m, s] = ymd(interp, args, 0);
    return new ApexTime(h * 3600000 + m * 60000 + s * 1000 + num(interp, args[3] ?? 0));
  }
  void ApexDecimal;
  void ApexDouble;
  return undefined;
}
