/**
 * Apex cron expressions: `Seconds Minutes Hours Day_of_month Month Day_of_week [Year]`, with `*`, `?`, lists,
 * ranges, `/` increments and month/day names. Next fire time in GMT.
 */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseField(expr: string, min: number, max: number, names?: string[], nameBase = 0): Set<number> | null {
  if (expr === '*' || expr === '?') return null;
  const out = new Set<number>();
  const val = (s: string) => {
    const up = s.toUpperCase();
    if (names) {
      const i = names.indexOf(up);
      if (i >= 0) return i + nameBase;
    }
    const n = Number(s);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Invalid cron expression: ${s}`);
    return n;
  };
  for (const part of expr.split(',')) {
    const [range, stepStr] = part.split('/');
    const step = stepStr ? Number(stepStr) : 1;
    let lo: number;
    let hi: number;
    if (range === '*' || range === undefined) {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = val(a!);
      hi = val(b!);
    } else {
      lo = val(range.replace(/L$/, ''));
      hi = stepStr ? max : lo;
    }
    for (let i = lo; i <= hi; i += step) out.add(i);
  }
  return out;
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

export function nextCronFire(cron: string, afterMs: number): number {
  const parts = cron.trim().split(/\s+/);
  if (parts.length < 6 || parts.length > 7) throw new Error(`Invalid cron expression: ${cron}`);
  const sec = parseField(parts[0]!, 0, 59);
  const min = parseField(parts[1]!, 0, 59);
  const hour = parseField(parts[2]!, 0, 23);
  const dom = parseField(parts[3]!, 1, 31);
  const mon = parseField(parts[4]!, 1, 12, MONTHS, 1);
  const dow = parseField(parts[5]!.replace(/#\d$/, ''), 1, 7, DAYS, 1);
  const year = parts[6] ? parseField(parts[6], 1970, 2199) : null;
  // Walk the calendar field by field (years up to the 2099 the Apex Reference allows, and beyond), so a far year
  // such as `0 0 0 1 1 ? 2099` is found without stepping through every minute in between.
  const sorted = (set: Set<number> | null, lo: number, hi: number) =>
    set ? [...set].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b) : range(lo, hi);
  const secs = sec ? sorted(sec, 0, 59) : [0];
  const mins = sorted(min, 0, 59);
  const hours = sorted(hour, 0, 23);
  const months = sorted(mon, 1, 12);
  const startYear = new Date(afterMs).getUTCFullYear();
  const years = year ? sorted(year, startYear, 2199) : range(startYear, startYear + 100);
  for (const y of years) {
    for (const m of months) {
      if (Date.UTC(y, m, 1) <= afterMs) continue; // whole month already past
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
      for (let d = 1; d <= days; d++) {
        if (Date.UTC(y, m - 1, d + 1) <= afterMs) continue;
        if (dom && !dom.has(d)) continue;
        if (dow && !dow.has(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1)) continue;
        for (const h of hours)
          for (const mi of mins)
            for (const s of secs) {
              const cand = Date.UTC(y, m - 1, d, h, mi, s);
              if (cand > afterMs) return cand;
            }
      }
    }
  }
  throw new Error(`Cron expression never fires: ${cron}`);
}
