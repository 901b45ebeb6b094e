/**
 * Pattern and Matcher: Java regular expressions (translated by builtins.ts javaRegex) with groups, regions,
 * `find` / `matches` / `lookingAt`, `replaceAll` / `replaceFirst` and `split`.
 */
// The interpreter as the built-ins see it: its Engine layer (engine.ts), not interpreter.ts, which installs them.
import type { Engine as Interpreter } from './engine.js';
import { NOT_HANDLED, type NativeClassDef } from './services.js';
import { ApexList, NativeObject, typeRef } from './values.js';
import { javaRegex, javaReplacement, javaSplit } from './builtins.js';
import { s } from './native-args.js';

export function installRegex(interp: Interpreter) {
  const reg = (d: NativeClassDef) => interp.registerNative(d);

  // Pattern / Matcher (Java regex semantics via javaRegex)
  reg({
    name: 'Pattern',
    callStatic(m, args) {
      switch (m) {
        case 'compile':
          return new NativeObject('Pattern', { source: s(interp, args[0]) });
        case 'matches':
          return whole(s(interp, args[0])).test(s(interp, args[1]));
        case 'quote':
          return '\\Q' + s(interp, args[0]) + '\\E';
      }
      return NOT_HANDLED;
    },
    callInstance(self, m, args) {
      const src = (self as NativeObject).data.source as string;
      switch (m) {
        case 'matcher':
          return new NativeObject('Matcher', { source: src, input: s(interp, args[0]), pos: 0, last: null });
        case 'pattern':
          return src;
        case 'tostring':
          return src;
        case 'split':
          return new ApexList(
            typeRef('String'),
            javaSplit(interp, s(interp, args[0]), src, args.length > 1 ? (args[1] as number) : 0),
          );
      }
      return NOT_HANDLED;
    },
  });
  const whole = (src: string) => {
    const re = javaRegex(interp, src);
    return new RegExp('^(?:' + re.source + ')$', re.flags);
  };
  reg({
    name: 'Matcher',
    callInstance(self, m, args) {
      const d = (self as NativeObject).data as {
        source: string;
        input: string;
        pos: number;
        last: RegExpExecArray | null;
      };
      const group = (i: number) => {
        if (!d.last) interp.throwApex('System.StringException', 'No match found');
        return d.last[i] ?? null;
      };
      switch (m) {
        case 'matches': {
          d.last = whole(d.source).exec(d.input);
          return d.last !== null;
        }
        case 'lookingat': {
          const re = javaRegex(interp, d.source);
          d.last = new RegExp('^(?:' + re.source + ')', re.flags).exec(d.input);
          return d.last !== null;
        }
        case 'find': {
          const re = javaRegex(interp, d.source, 'g');
          re.lastIndex = args.length ? (args[0] as number) : d.pos;
          d.last = re.exec(d.input);
          if (d.last) d.pos = d.last.index + Math.max(1, d.last[0].length);
          return d.last !== null;
        }
        case 'group':
          return group(args.length ? (args[0] as number) : 0);
        case 'groupcount':
          return Math.max(0, new RegExp(javaRegex(interp, d.source).source + '|').exec('')!.length - 1);
        case 'start':
          return group(0) === null ? -1 : d.last!.index;
        case 'end':
          return group(0) === null ? -1 : d.last!.index + d.last![0].length;
        case 'replaceall':
          return d.input.replace(javaRegex(interp, d.source, 'g'), javaReplacement(s(interp, args[0])));
        case 'replacefirst':
          return d.input.replace(javaRegex(interp, d.source), javaReplacement(s(interp, args[0])));
        case 'reset':
          if (args.length) d.input = s(interp, args[0]);
          d.pos = 0;
          d.last = null;
          return self;
        case 'hitend':
          return d.pos >= d.input.length;
        case 'pattern':
          return new NativeObject('Pattern', { source: d.source });
      }
      return NOT_HANDLED;
    },
  });
}
