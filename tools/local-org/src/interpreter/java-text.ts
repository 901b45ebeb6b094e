/**
 * Java text semantics Apex inherits: Java regular expressions translated to JavaScript (javaRegex,
 * replacement strings, Java's `split`), and `String.format` / MessageFormat patterns.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { ApexDate, ApexDatetime, ApexDecimal, ApexDouble, type Value } from './values.js';
import * as N from './numbers.js';
import { dateMethod, datetimeMethod } from './datetime.js';
import { toApexString } from './value-semantics.js';

// ------------------------------------------------------------------ Java regex -> JS

/** Translations that compiled, by flags and Java pattern: a fresh RegExp each time (lastIndex is per object). */
const regexCache = new Map<string, { source: string; flags: string }>();

export function javaRegex(interp: Interpreter, pattern: string, extraFlags = ''): RegExp {
  const key = extraFlags + '\0' + pattern;
  const known = regexCache.get(key);
  if (known) return new RegExp(known.source, known.flags);
  const re = translateJavaRegex(interp, pattern, extraFlags);
  if (regexCache.size >= 2000) regexCache.clear();
  regexCache.set(key, { source: re.source, flags: re.flags });
  return re;
}

function translateJavaRegex(interp: Interpreter, pattern: string, extraFlags: string): RegExp {
  let p = pattern;
  let flags = extraFlags;
  const inline = /^\(\?([imsux]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  p = p.replace(/\\Q([\s\S]*?)(\\E|$)/g, (_m, q: string) => q.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  const classes: Record<string, string> = {
    Lower: 'a-z',
    Upper: 'A-Z',
    Alpha: 'a-zA-Z',
    Digit: '0-9',
    Alnum: 'a-zA-Z0-9',
    Punct: '!-\\/:-@\\[-`{-~',
    Space: ' \\t\\n\\x0B\\f\\r',
    XDigit: '0-9a-fA-F',
    ASCII: '\\x00-\\x7F',
    Blank: ' \\t',
    Cntrl: '\\x00-\\x1F\\x7F',
    Graph: '!-~',
    Print: ' -~',
  };
  p = p.replace(/\\([pP])\{(?:Is)?(\w+)\}/g, (m, pp: string, name: string) => {
    const c = classes[name];
    if (!c) return m;
    return pp === 'p' ? `[${c}]` : `[^${c}]`;
  });
  p = p.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  if (/\(\?>|[*+?}]\+/.test(p)) interp.unsupported(`Java regex construct (possessive/atomic) in ${pattern}`);
  try {
    return new RegExp(p, flags + 'u');
  } catch {
    try {
      return new RegExp(p, flags);
    } catch (e) {
      interp.throwApex('System.StringException', `Invalid regex: ${(e as Error).message}`);
    }
  }
}

/** Java replacement string ($1, \$) -> JS */
export function javaReplacement(rep: string): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i];
    if (c === '\\' && i + 1 < rep.length) {
      const n = rep[++i];
      out += n === '$' ? '$$' : n;
    } else if (c === '$' && rep[i + 1] === '0') {
      out += '$&';
      i++;
    } else if (c === '$' && rep[i + 1] === '{') {
      const end = rep.indexOf('}', i);
      out += '$<' + rep.slice(i + 2, end) + '>';
      i = end;
    } else out += c;
  }
  return out;
}

export function javaSplit(interp: Interpreter, s: string, regex: string, limit = 0): string[] {
  if (s === '') return [''];
  const re = javaRegex(interp, regex, 'g');
  const parts: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((m = re.exec(s))) {
    if (m[0] === '') {
      if (m.index >= s.length) break;
      if (m.index === 0) {
        re.lastIndex++;
        continue;
      }
      parts.push(s.slice(last, m.index));
      last = m.index;
      re.lastIndex++;
    } else {
      if (m.index === 0 && m.index === last && parts.length === 0 && last === 0) {
        // Java 8+: a zero-width... leading non-empty match produces leading empty string
        parts.push('');
      } else parts.push(s.slice(last, m.index));
      last = m.index + m[0].length;
    }
    if (limit > 0 && parts.length === limit - 1) break;
  }
  parts.push(s.slice(last));
  if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (limit === 0 && parts.length === 1 && parts[0] === '' && s !== '') return [];
  return parts;
}

/** the format of MessageFormat's number arguments, made once (an Intl format is costly to create) */
let argNumberFormat: Intl.NumberFormat | undefined;

/** MessageFormat argument formatting (en_US): numbers grouped with at most 3 fraction digits, Datetimes as
 * `Datetime.format()` (Apex Reference › String.format example: "... was last updated 11/15/2018 12:00 AM"). */
function formatArg(interp: Interpreter, v: Value): string {
  if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v).toLocaleString('en-US');
  if (v instanceof ApexDecimal || v instanceof ApexDouble) {
    const n = v instanceof ApexDouble ? v.v : N.decToNumber(v);
    return (argNumberFormat ??= new Intl.NumberFormat('en-US', {
      maximumFractionDigits: 3,
      roundingMode: 'halfEven',
    } as any)).format(n);
  }
  if (v instanceof ApexDatetime) return datetimeMethod(interp, v, 'format', []) as string;
  if (v instanceof ApexDate) return dateMethod(interp, v, 'format', []) as string;
  return toApexString(interp, v);
}

/** java.text.MessageFormat-style formatting used by String.format */
export function messageFormat(interp: Interpreter, fmt: string, args: Value[]): string {
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === "'") {
      if (fmt[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      const end = fmt.indexOf("'", i + 1);
      if (end < 0) {
        out += fmt.slice(i + 1);
        break;
      }
      out += fmt.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '{') {
      const end = fmt.indexOf('}', i);
      const spec = fmt.slice(i + 1, end).split(',');
      const idx = Number(spec[0].trim());
      if (Number.isNaN(idx)) interp.throwApex('System.StringException', `Invalid format pattern: ${fmt}`);
      out += idx < args.length ? formatArg(interp, args[idx]) : `{${idx}}`;
      i = end + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
