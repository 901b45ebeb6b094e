/** The instance methods of String (Apex Reference › String Class). */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { ApexList, typeRef, type Value } from './values.js';
import { toApexString, int } from './value-semantics.js';
import { messageFormat, javaRegex, javaReplacement, javaSplit } from './java-text.js';

function sList(items: string[]): ApexList {
  return new ApexList(typeRef('String'), items);
}

function str(interp: Interpreter, v: Value): string {
  if (v === null) interp.npe();
  if (typeof v !== 'string') return toApexString(interp, v);
  return v;
}

function isWs(c: string) {
  return /\s/.test(c);
}

function escapeQuotes(s: string) {
  return s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

export function stringMethod(interp: Interpreter, s: string, lc: string, args: Value[]): Value {
  const a0 = args[0];
  const a1 = args[1];
  switch (lc) {
    case 'length':
      return s.length;
    case 'abbreviate': {
      const max = int(interp, a0);
      if (args.length === 2) {
        const off = int(interp, a1);
        if (s.length <= max) return s;
        if (max < 7) interp.throwApex('System.StringException', 'Minimum abbreviation width with offset is 7');
        const start = Math.min(off, s.length - (max - 3));
        if (start <= 4) return s.slice(0, max - 3) + '...';
        if (start + max - 3 < s.length) return '...' + s.slice(start, start + max - 6) + '...';
        return '...' + s.slice(s.length - (max - 3));
      }
      if (max < 4) interp.throwApex('System.StringException', 'Minimum abbreviation width is 4');
      return s.length <= max ? s : s.slice(0, max - 3) + '...';
    }
    case 'capitalize':
      return s ? s[0].toUpperCase() + s.slice(1) : s;
    case 'uncapitalize':
      return s ? s[0].toLowerCase() + s.slice(1) : s;
    case 'center': {
      const size = int(interp, a0);
      const pad = args.length > 1 ? str(interp, a1) : ' ';
      if (size <= s.length) return s;
      const total = size - s.length;
      const left = Math.floor(total / 2);
      const mk = (n: number) => pad.repeat(Math.ceil(n / pad.length)).slice(0, n);
      return mk(left) + s + mk(total - left);
    }
    case 'charat': {
      const i = int(interp, a0);
      if (i < 0 || i >= s.length) interp.throwApex('System.StringException', `Invalid index ${i}`);
      return s.charCodeAt(i);
    }
    case 'codepointat':
      return s.codePointAt(int(interp, a0)) ?? null;
    case 'compareto': {
      const o = str(interp, a0);
      for (let i = 0; i < Math.min(s.length, o.length); i++)
        if (s[i] !== o[i]) return s.charCodeAt(i) - o.charCodeAt(i);
      return s.length - o.length;
    }
    case 'contains':
      return s.includes(str(interp, a0));
    case 'containsignorecase':
      return s.toLowerCase().includes(str(interp, a0).toLowerCase());
    case 'containsany':
      return [...str(interp, a0)].some((c) => s.includes(c));
    case 'containsnone':
      return a0 === null || ![...str(interp, a0)].some((c) => s.includes(c));
    case 'containsonly':
      return [...s].every((c) => str(interp, a0).includes(c));
    case 'containswhitespace':
      return /\s/.test(s);
    case 'countmatches': {
      const sub = str(interp, a0);
      return sub ? s.split(sub).length - 1 : 0;
    }
    case 'deletewhitespace':
      return s.replace(/\s/g, '');
    case 'difference': {
      const o = str(interp, a0);
      let i = 0;
      while (i < s.length && i < o.length && s[i] === o[i]) i++;
      return o.slice(i);
    }
    case 'endswith':
      return s.endsWith(str(interp, a0));
    case 'endswithignorecase':
      return s.toLowerCase().endsWith(str(interp, a0).toLowerCase());
    case 'equals':
      return typeof a0 === 'string' && s === a0;
    case 'equalsignorecase':
      return typeof a0 === 'string' && s.toLowerCase() === a0.toLowerCase();
    case 'escapesinglequotes':
      return escapeQuotes(s);
    case 'escapecsv':
      return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    case 'escapeecmascript':
    case 'escapejava':
      return s
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"')
        .replace(/'/g, lc === 'escapeecmascript' ? "\\'" : "'")
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')
        .replace(/\t/g, '\\t')
        .replace(/\//g, lc === 'escapeecmascript' ? '\\/' : '/');
    case 'escapehtml3':
    case 'escapehtml4':
    case 'escapexml':
      return s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, lc === 'escapexml' ? '&apos;' : "'");
    case 'unescapehtml4':
    case 'unescapexml':
      return s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    case 'format':
      return messageFormat(interp, s, a0 instanceof ApexList ? a0.items : []);
    case 'hashcode': {
      let h = 0;
      for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
      return h;
    }
    case 'indexof':
      return args.length > 1 ? s.indexOf(str(interp, a0), int(interp, a1)) : s.indexOf(str(interp, a0));
    case 'indexofignorecase':
      return s.toLowerCase().indexOf(str(interp, a0).toLowerCase(), args.length > 1 ? int(interp, a1) : 0);
    case 'indexofany': {
      const idx = [...str(interp, a0)].map((c) => s.indexOf(c)).filter((i) => i >= 0);
      return idx.length ? Math.min(...idx) : -1;
    }
    case 'indexofchar':
      return s.indexOf(String.fromCharCode(int(interp, a0)), args.length > 1 ? int(interp, a1) : 0);
    case 'lastindexof':
      return args.length > 1 ? s.lastIndexOf(str(interp, a0), int(interp, a1)) : s.lastIndexOf(str(interp, a0));
    case 'lastindexofignorecase':
      return s.toLowerCase().lastIndexOf(str(interp, a0).toLowerCase());
    case 'isallLowercase':
    case 'isalllowercase':
      return s.length > 0 && /^[a-z]+$/.test(s);
    case 'isalluppercase':
      return s.length > 0 && /^[A-Z]+$/.test(s);
    case 'isalpha':
      return s.length > 0 && /^[\p{L}]+$/u.test(s);
    case 'isalphaspace':
      return /^[\p{L} ]*$/u.test(s);
    case 'isalphanumeric':
      return s.length > 0 && /^[\p{L}\p{N}]+$/u.test(s);
    case 'isalphanumericspace':
      return /^[\p{L}\p{N} ]*$/u.test(s);
    case 'isasciiprintable':
      return /^[\x20-\x7e]*$/.test(s);
    case 'isnumeric':
      return s.length > 0 && /^\p{N}+$/u.test(s);
    case 'isnumericspace':
      return /^[\p{N} ]*$/u.test(s);
    case 'iswhitespace':
      return /^\s*$/.test(s);
    case 'left': {
      const n = int(interp, a0);
      return n < 0 ? '' : s.slice(0, n);
    }
    case 'right': {
      const n = int(interp, a0);
      return n <= 0 ? '' : s.slice(Math.max(0, s.length - n));
    }
    case 'mid': {
      const st = Math.max(0, int(interp, a0));
      return s.substr(st, Math.max(0, int(interp, a1)));
    }
    case 'leftpad':
    case 'rightpad': {
      const n = int(interp, a0);
      const pad = args.length > 1 ? str(interp, a1) : ' ';
      if (n <= s.length || pad === '') return s;
      const fill = pad.repeat(Math.ceil((n - s.length) / pad.length)).slice(0, n - s.length);
      return lc === 'leftpad' ? fill + s : s + fill;
    }
    case 'normalizespace':
      return s.trim().replace(/\s+/g, ' ');
    case 'remove':
      return s.split(str(interp, a0)).join('');
    case 'removeend':
      return a0 && s.endsWith(a0 as string) ? s.slice(0, s.length - (a0 as string).length) : s;
    case 'removeendignorecase':
      return a0 && s.toLowerCase().endsWith((a0 as string).toLowerCase())
        ? s.slice(0, s.length - (a0 as string).length)
        : s;
    case 'removestart':
      return a0 && s.startsWith(a0 as string) ? s.slice((a0 as string).length) : s;
    case 'removestartignorecase':
      return a0 && s.toLowerCase().startsWith((a0 as string).toLowerCase()) ? s.slice((a0 as string).length) : s;
    case 'repeat': {
      if (args.length === 2) return Array(int(interp, a1)).fill(s).join(str(interp, a0));
      return s.repeat(Math.max(0, int(interp, a0)));
    }
    case 'replace':
      return s.split(str(interp, a0)).join(str(interp, a1));
    case 'replaceall':
      return s.replace(javaRegex(interp, str(interp, a0), 'g'), javaReplacement(str(interp, a1)));
    case 'replacefirst':
      return s.replace(javaRegex(interp, str(interp, a0)), javaReplacement(str(interp, a1)));
    case 'reverse':
      return [...s].reverse().join('');
    case 'split':
      return sList(javaSplit(interp, s, str(interp, a0), args.length > 1 ? int(interp, a1) : 0));
    case 'splitbycharactertype':
    case 'splitbycharactertypecamelcase':
      return sList(s.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|\s+|[^\w\s]+/g) ?? []);
    case 'startswith':
      return s.startsWith(str(interp, a0));
    case 'startswithignorecase':
      return s.toLowerCase().startsWith(str(interp, a0).toLowerCase());
    case 'strip':
      return s.trim();
    case 'stripstart':
      return s.replace(/^\s+/, '');
    case 'stripend':
      return s.replace(/\s+$/, '');
    case 'striphtmltags':
      return s.replace(/<[^>]*>/g, '');
    case 'substring': {
      const b = int(interp, a0);
      const e = args.length > 1 ? int(interp, a1) : s.length;
      if (b < 0 || e > s.length || b > e)
        interp.throwApex('System.StringException', `Ending position out of bounds: ${e}`);
      return s.substring(b, e);
    }
    case 'substringafter': {
      if (a0 === null) return '';
      const i = s.indexOf(a0 as string);
      return i < 0 ? '' : s.slice(i + (a0 as string).length);
    }
    case 'substringafterlast': {
      const i = s.lastIndexOf(str(interp, a0));
      return i < 0 || a0 === '' ? '' : s.slice(i + (a0 as string).length);
    }
    case 'substringbefore': {
      if (a0 === null) return s;
      const i = s.indexOf(a0 as string);
      return i < 0 ? s : s.slice(0, i);
    }
    case 'substringbeforelast': {
      const i = s.lastIndexOf(str(interp, a0));
      return i < 0 ? s : s.slice(0, i);
    }
    case 'substringbetween': {
      const open = str(interp, a0);
      const close = args.length > 1 ? str(interp, a1) : open;
      const i = s.indexOf(open);
      if (i < 0) return null;
      const j = s.indexOf(close, i + open.length);
      return j < 0 ? null : s.slice(i + open.length, j);
    }
    case 'swapcase':
      return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    case 'tolowercase':
      return s.toLowerCase();
    case 'touppercase':
      return s.toUpperCase();
    case 'trim':
      return s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
    case 'tostring':
      return s;
    case 'getchars':
      return new ApexList(
        typeRef('Integer'),
        [...s].map((c) => c.charCodeAt(0)),
      );
    case 'isblank':
      return s.trim() === '';
    case 'isnotblank':
      return s.trim() !== '';
    case 'isempty':
      return s === '';
    case 'isnotempty':
      return s !== '';
    case 'tolowercaselocale':
      return s.toLowerCase();
    case 'unescapejava':
    case 'unescapeecmascript':
      return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, x: string) =>
        x.length === 5
          ? String.fromCharCode(parseInt(x.slice(1), 16))
          : (({ n: '\n', t: '\t', r: '\r' } as any)[x] ?? x),
      );
    case 'getsobjecttype': {
      const svc = interp.services as any;
      if (svc?.sobjectTypeOfId && svc?.sobjectTypeToken) {
        const t = svc.sobjectTypeOfId(s);
        if (t) return svc.sobjectTypeToken(t);
      }
      return interp.unsupported('Id.getSObjectType (data layer)');
    }
    case 'to15':
      return s.slice(0, 15);
    case 'unescapecsv':
      return /^".*"$/s.test(s) ? s.slice(1, -1).replace(/""/g, '"') : s;
  }
  void isWs;
  return interp.unsupported(`String.${lc}`);
}
