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
  const secs = sec ? [...sec].sort((a, b) => a - b) : [0];
  let t = Math.floor(afterMs / 60000) * 60000;
  for (let i = 0; i < 60 * 24 * 366 * 2; i++, t += 60000) {
    const d = new Date(t);
    if (year && !year.has(d.getUTCFullYear())) continue;
    if (mon && !mon.has(d.getUTCMonth() + 1)) continue;
    if (dom && !dom.has(d.getUTCDate())) continue;
    if (dow && !dow.has(d.getUTCDay() + 1)) continue;
    if (hour && !hour.has(d.getUTCHours())) continue;
    if (min && !min.has(d.getUTCMinutes())) continue;
    for (const s of secs) {
      const cand = t + s * 1000;
      if (cand > afterMs) return cand;
    }
  }
  throw new Error(`Cron expression never fires: ${cron}`);
}
