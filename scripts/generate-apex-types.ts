/**
 * Generates the TypeScript types of the Apex results the components use
 * (force-app/main/default/lwc/stripeApexTypes/stripeApexTypes.ts) from the Apex classes, with the local
 * runtime's loader: every `@AuraEnabled` method of the classes in `classes/controllers/`, the classes
 * their results and parameters name (inner or top-level), and each class's `@AuraEnabled` fields.
 * A type mirrors the Apex name in a namespace (`StripePaymentsController.PaymentRow`).
 * Fields are optional: Apex leaves null fields out of the JSON it sends to a component.
 *
 * Usage: tsx scripts/generate-apex-types.ts [--check]   (--check: fail when the file is stale)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import type { ClassDecl } from '@stripe-connector/local-apex-org/ast';
import { listSources, loadFile, type TypeRef } from '@stripe-connector/local-apex-org/interpreter';

const ROOT = path.resolve(__dirname, '..');
const CLASSES = path.join(ROOT, 'force-app', 'main', 'default', 'classes');
const OUT = path.join(ROOT, 'force-app', 'main', 'default', 'lwc', 'stripeApexTypes', 'stripeApexTypes.ts');

const SCALARS: Record<string, string> = {
  string: 'string',
  id: 'string',
  boolean: 'boolean',
  integer: 'number',
  long: 'number',
  decimal: 'number',
  double: 'number',
  date: 'string',
  datetime: 'string',
  time: 'string',
  object: 'unknown',
  blob: 'string',
};

const topLevel = new Map<string, ClassDecl>();
for (const file of listSources(CLASSES, ['.cls'])) {
  const decl = loadFile(file);
  if ('fields' in decl && !file.includes(`${path.sep}tests${path.sep}`)) {
    topLevel.set(decl.name.toLowerCase(), decl);
  }
}

const isAura = (annotations: Map<string, unknown>): boolean => annotations.has('auraenabled');

/** The class a type name means, seen from `from` (its inner classes first, then top-level). */
function resolve(name: string, from: ClassDecl): ClassDecl | undefined {
  const parts = name.split('.');
  if (parts.length === 1) {
    const inner =
      from.inner.get(name) ?? [...from.inner.values()].find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (inner) return inner;
    const outer = [...topLevel.values()].find((c) => [...c.inner.values()].includes(from));
    const sibling = outer ? resolve(name, outer) : undefined;
    return sibling ?? topLevel.get(name.toLowerCase());
  }
  const outer = topLevel.get(parts[0].toLowerCase());
  return outer ? [...outer.inner.values()].find((c) => c.name.toLowerCase() === parts[1].toLowerCase()) : undefined;
}

const needed = new Map<string, ClassDecl>();
const qualified = (c: ClassDecl): string => {
  const outer = [...topLevel.values()].find((o) => [...o.inner.values()].includes(c));
  return outer ? `${outer.name}.${c.name}` : c.name;
};

function tsType(type: TypeRef | null, from: ClassDecl): string {
  if (type === null) return 'void';
  const name = type.name.toLowerCase();
  if (SCALARS[name]) return SCALARS[name];
  if (name === 'list' || name === 'set') return `${tsType(type.args[0] ?? null, from)}[]`;
  if (name === 'map') return `Record<string, ${tsType(type.args[1] ?? null, from)}>`;
  const decl = resolve(type.name, from);
  if (!decl) return 'unknown';
  needed.set(qualified(decl), decl);
  return qualified(decl);
}

interface Member {
  name: string;
  type: string;
}
const bodies = new Map<string, Member[]>();
const methods: string[] = [];

for (const controller of [...topLevel.values()].filter((c) => c.file.includes(`${path.sep}controllers${path.sep}`))) {
  for (const overloads of controller.methods.values()) {
    for (const method of overloads) {
      if (!isAura(method.annotations) || !method.isStatic) continue;
      const params = method.params.map((p) => `${p.name}: ${tsType(p.type, controller)}`).join('; ');
      const paramsType = params ? `{ ${params} }` : 'Record<string, never>';
      methods.push(
        `  '${controller.name}.${method.name}': { params: ${paramsType}; result: ${tsType(method.ret, controller)} };`,
      );
    }
  }
}
// Members of every class reached (which may reach more classes).
for (let size = -1; size !== needed.size;) {
  size = needed.size;
  for (const [name, decl] of [...needed]) {
    if (bodies.has(name)) continue;
    const members: Member[] = [];
    for (const field of decl.fields.values()) {
      if (isAura(field.annotations) && !field.isStatic)
        members.push({ name: field.name, type: tsType(field.type, decl) });
    }
    // The loader keeps no annotations on properties: every public instance property with a getter is typed
    // (input classes such as StripeCheckoutService.LineItem use `@AuraEnabled public Id priceId { get; set; }`,
    // the form Lightning deserializes parameters into).
    for (const prop of decl.props.values()) {
      if (!prop.isStatic && prop.getter !== undefined && (prop.mods.has('public') || prop.mods.has('global')))
        members.push({ name: prop.name, type: tsType(prop.type, decl) });
    }
    bodies.set(name, members);
  }
}

const byNamespace = new Map<string, string[]>();
for (const name of [...bodies.keys()].sort()) {
  const [outer, inner] = name.includes('.') ? name.split('.') : ['', name];
  const lines = [`export interface ${inner} {`, ...bodies.get(name)!.map((m) => `  ${m.name}?: ${m.type};`), '}'];
  byNamespace.set(outer, [...(byNamespace.get(outer) ?? []), ...lines]);
}
const out: string[] = [
  '/**',
  ' * The Apex results and parameters the Stripe components use, generated from the Apex classes by',
  ' * scripts/generate-apex-types.ts (`npm run types:apex`). Do not edit: change the Apex and run it again.',
  ' * Optional fields: Apex leaves null fields out of the JSON a component receives.',
  ' */',
  // Types only: a namespace may name one declared further down (alphabetical order), which TypeScript allows.
  '/* eslint-disable @typescript-eslint/no-namespace, no-use-before-define */',
  '',
];
for (const [outer, lines] of byNamespace) {
  if (outer === '') {
    out.push(...lines.map((line) => line), '');
  } else {
    out.push(`export namespace ${outer} {`, ...lines.map((line) => `  ${line}`), '}', '');
  }
}
out.push('/** Every `@AuraEnabled` method of the controllers: its parameters and result. */');
out.push('export interface ApexMethods {', ...methods.sort(), '}', '');
async function main(): Promise<void> {
  const options = (await prettier.resolveConfig(OUT)) ?? {};
  const text = await prettier.format(out.join('\n'), { ...options, filepath: OUT });
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      console.error(`${path.relative(ROOT, OUT)} is stale: run npm run types:apex`);
      process.exitCode = 1;
      return;
    }
    console.log(`${path.relative(ROOT, OUT)}: up to date (${bodies.size} types, ${methods.length} methods)`);
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${path.relative(ROOT, OUT)}: ${bodies.size} types, ${methods.length} methods`);
  }
}

void main();
