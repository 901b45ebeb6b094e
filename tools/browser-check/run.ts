/**
 * Runs the browser-check scenarios (scenarios.ts) against the bundle build.ts wrote: serves it on
 * localhost, mounts each scenario's component in headless Chromium with the real base components
 * and SLDS, and checks the real DOM and Chromium's accessibility tree. One line per scenario, a
 * PNG screenshot each (dist/screenshots/<id>.png), and `N passed, N failed` last.
 *
 * Usage: tsx tools/browser-check/run.ts [--dist <dir>] [--only <id,id>] [--chromium <path>]
 *   CHROMIUM_PATH also sets the browser (default /usr/bin/chromium).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { scenarios, type Scenario } from './scenarios';

const HERE = __dirname;
const REPO_ROOT = path.resolve(HERE, '..', '..');
const SLDS_ASSETS = path.join(REPO_ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** The network is closed: without these Chromium waits on connections it cannot make. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
/**
 * How long one click, option or element may take to become actionable. Generous: on a loaded 2-core machine
 * (CI, or several checkouts testing at once) a 2 s limit failed a click on a visible, enabled button.
 */
const INTERACTION_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 10_000;
/** Pages open at once: each parses the whole bundle, and the machine has two cores. */
const PAGES_AT_ONCE = 4;

/** Runs at most `size` of the given tasks at a time. */
function pool(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= size) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
/** Roles that need an accessible name (WCAG 4.1.2, 1.1.1). */
const NAMED_ROLES = new Set(['button', 'link', 'image', 'img', 'checkbox', 'radio', 'textbox', 'combobox', 'switch']);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** Serves the bundle at / and SLDS's assets at /assets/, on a random localhost port. */
async function serve(distDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const [root, rest] = urlPath.startsWith('/assets/')
      ? [SLDS_ASSETS, urlPath.slice('/assets/'.length)]
      : [distDir, urlPath === '/' ? 'index.html' : urlPath.slice(1)];
    const file = path.resolve(root, rest);
    if (!file.startsWith(root + path.sep) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Case-sensitive substring match (getByText with a string ignores case); a space also matches the
 * no-break space Intl puts between a currency code and the amount.
 */
const textPattern = (text: string): RegExp => new RegExp(escapeRegExp(text).replace(/ /g, '\\s'));

interface AxNode {
  role: string;
  name: string;
  disabled: boolean;
  focused: boolean;
}

/** The page's accessibility tree as Chromium computes it (not ignored nodes only). */
async function accessibilityTree(page: Page): Promise<AxNode[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes
      .filter((node) => !node.ignored)
      .map((node) => ({
        role: String(node.role?.value ?? ''),
        name: String(node.name?.value ?? '').trim(),
        disabled: (node.properties ?? []).some(
          (property) => property.name === 'disabled' && property.value.value === true,
        ),
        focused: (node.properties ?? []).some(
          (property) => property.name === 'focused' && property.value.value === true,
        ),
      }));
  } finally {
    await cdp.detach();
  }
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
async function poll(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) {
      return true;
    }
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sameList = (actual: string[], expected: string[]): boolean =>
  actual.length === expected.length && [...actual].sort().every((name, index) => name === [...expected].sort()[index]);

/** The widths every scenario runs at: a desktop page, and the record page sidebar / a phone. */
const VIEWPORTS = [
  { suffix: '', width: 1280, height: 720 },
  { suffix: '-narrow', width: 380, height: 720 },
] as const;

async function checkScenario(browser: Browser, baseUrl: string, scenario: Scenario, screenshotDir: string) {
  const problems: string[] = [];
  const [desktop] = VIEWPORTS;
  const context = await browser.newContext({
    viewport: { width: desktop.width, height: desktop.height },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`uncaught error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) {
        problems.push(`HTTP ${response.status()}: ${response.url()}`);
      }
    });
    await page.addInitScript((config) => {
      window.__browserCheck = config;
    }, scenario.config);

    await page.goto(baseUrl);
    try {
      await page
        .getByText(textPattern(scenario.ready))
        .first()
        .waitFor({ state: 'visible', timeout: READY_TIMEOUT_MS });
    } catch {
      problems.push(`"${scenario.ready}" did not appear within ${READY_TIMEOUT_MS / 1000} s`);
    }
    // Spinners gone and every icon's SVG template loaded (lightning-icon loads them asynchronously).
    await page
      .locator('lightning-spinner')
      .first()
      .waitFor({ state: 'detached', timeout: INTERACTION_TIMEOUT_MS })
      .catch(() => {
        problems.push('a spinner is still shown');
      });
    // Playwright's locators see into (synthetic) shadow trees; document.querySelectorAll does not.
    const iconsRendered = async () =>
      (await page.locator('lightning-primitive-icon').count()) ===
      (await page.locator('lightning-primitive-icon svg').count());
    if (!(await poll(iconsRendered, INTERACTION_TIMEOUT_MS))) {
      problems.push('an icon did not render its SVG');
    }

    const sldsFontSize = await page.evaluate(() => getComputedStyle(document.body).fontSize);
    if (sldsFontSize !== '13px') {
      problems.push(`SLDS is not applied (body font-size ${sldsFontSize}, SLDS sets 13px)`);
    }

    for (const text of scenario.visible) {
      if (!(await page.getByText(textPattern(text)).first().isVisible())) {
        problems.push(`"${text}" is not visible`);
      }
    }
    for (const text of scenario.absent ?? []) {
      if ((await page.getByText(textPattern(text)).count()) > 0) {
        problems.push(`"${text}" should not be shown`);
      }
    }

    const tree = await accessibilityTree(page);
    for (const node of tree) {
      if (NAMED_ROLES.has(node.role) && node.name === '') {
        problems.push(`a ${node.role} has no accessible name${node.role.startsWith('im') ? ' (alt text)' : ''}`);
      }
    }
    const buttons = tree.filter((node) => node.role === 'button');
    for (const name of scenario.buttons ?? []) {
      const button = buttons.find((node) => node.name === name);
      if (!button) {
        problems.push(`no "${name}" button (buttons: ${buttons.map((node) => `"${node.name}"`).join(', ') || 'none'})`);
      } else if (button.disabled) {
        problems.push(`the "${name}" button is disabled`);
      }
    }
    for (const name of scenario.noButtons ?? []) {
      if (buttons.some((node) => node.name === name)) {
        problems.push(`there should be no "${name}" button`);
      }
    }
    if (scenario.links) {
      const links = tree.filter((node) => node.role === 'link').map((node) => node.name);
      if (!sameList(links, scenario.links)) {
        problems.push(`links ${JSON.stringify(links)}, expected ${JSON.stringify(scenario.links)}`);
      }
    }

    /** A screenshot per width of this step; at each width nothing may overflow (the sidebar is 360–400 px). */
    const snap = async (step: string): Promise<void> => {
      mkdirSync(screenshotDir, { recursive: true });
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) {
          problems.push(`${step || 'page'}: ${overflow} px wider than the ${viewport.width} px viewport`);
        }
        const file = path.join(screenshotDir, `${scenario.id}${step}${viewport.suffix}.png`);
        await page.screenshot({ path: file, fullPage: true });
      }
      await page.setViewportSize({ width: desktop.width, height: desktop.height });
    };
    await snap('');

    const interaction = scenario.interaction;
    if (interaction && problems.length === 0) {
      for (const step of interaction.steps ?? []) {
        const target = page.getByRole(step.role, { name: step.name, exact: true });
        await target.click({ timeout: INTERACTION_TIMEOUT_MS }).catch(() => {
          problems.push(`no "${step.name}" ${step.role} to click`);
        });
        if (problems.length > 0) {
          return problems;
        }
      }
      for (const choice of interaction.select ?? []) {
        await page.getByRole('combobox', { name: choice.combobox }).click({ timeout: INTERACTION_TIMEOUT_MS });
        const option = page.getByRole('option', { name: choice.option });
        await option.waitFor({ state: 'visible', timeout: INTERACTION_TIMEOUT_MS }).catch(() => {
          problems.push(`the "${choice.combobox}" list has no option "${choice.option}"`);
        });
        await snap('-choose');
        if (problems.length > 0) {
          return problems;
        }
        await option.click({ timeout: INTERACTION_TIMEOUT_MS });
      }
      if (interaction.click) {
        await page
          .getByRole(interaction.clickRole ?? 'button', { name: interaction.click, exact: true })
          .click({ timeout: INTERACTION_TIMEOUT_MS });
      }
      for (const key of interaction.keys ?? []) {
        if (key.press) {
          await page.keyboard.press(key.press);
        }
        const hasFocus = async (): Promise<boolean> =>
          (await accessibilityTree(page)).some((node) => node.focused && node.name === key.focused);
        if (!(await poll(hasFocus, INTERACTION_TIMEOUT_MS))) {
          const focused = (await accessibilityTree(page)).filter((node) => node.focused);
          problems.push(
            `after ${key.press ?? `"${interaction.click ?? 'choosing'}"`}: "${key.focused}" does not have focus (focused: ${JSON.stringify(focused.map((node) => `${node.role} "${node.name}"`))})`,
          );
          return problems;
        }
      }
      await page
        .waitForFunction(
          (count) => (window.__browserCheckLog?.toasts.length ?? 0) >= count,
          interaction.toasts.length,
          { timeout: INTERACTION_TIMEOUT_MS },
        )
        .catch(() => undefined);
      const log = await page.evaluate(() => window.__browserCheckLog);
      const toasts = (log?.toasts ?? []).map((toast) => String((toast as { title?: unknown }).title));
      if (!sameList(toasts, interaction.toasts)) {
        problems.push(
          `after "${interaction.click ?? 'choosing'}": toasts ${JSON.stringify(toasts)}, expected ${JSON.stringify(interaction.toasts)}`,
        );
      }
      const events = log?.events ?? [];
      for (const event of interaction.events) {
        if (!events.includes(event)) {
          problems.push(`after "${interaction.click ?? 'choosing'}": no "${event}" (got ${JSON.stringify(events)})`);
        }
      }
      for (const text of interaction.visible ?? []) {
        const shown = page.getByText(textPattern(text)).first();
        if (
          !(await shown.waitFor({ state: 'visible', timeout: INTERACTION_TIMEOUT_MS }).then(
            () => true,
            () => false,
          ))
        ) {
          problems.push(`after "${interaction.click ?? 'choosing'}": "${text}" is not visible`);
        }
      }
      for (const text of interaction.absent ?? []) {
        if ((await page.getByText(textPattern(text)).count()) > 0) {
          problems.push(`after "${interaction.click ?? 'choosing'}": "${text}" should not be shown`);
        }
      }
      await snap('-done');
    }
  } finally {
    await context.close();
  }
  return problems;
}

/**
 * `--docs`: copies the screenshots of scenarios that name a `docImage` into docs/images/ (the user
 * guides show them), desktop and narrow, one per step.
 */
function copyDocImages(selected: Scenario[], screenshotDir: string): void {
  const imagesDir = path.join(REPO_ROOT, 'docs', 'images');
  mkdirSync(imagesDir, { recursive: true });
  for (const scenario of selected) {
    if (!scenario.docImage) {
      continue;
    }
    for (const step of ['', '-choose', '-done']) {
      for (const viewport of VIEWPORTS) {
        const from = path.join(screenshotDir, `${scenario.id}${step}${viewport.suffix}.png`);
        if (existsSync(from)) {
          copyFileSync(from, path.join(imagesDir, `${scenario.docImage}${step}${viewport.suffix}.png`));
        }
      }
    }
  }
}

function argValue(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const distDir = path.resolve(argValue(argv, '--dist') ?? path.join(HERE, 'dist'));
  const executablePath = argValue(argv, '--chromium') ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  const only = argValue(argv, '--only')?.split(',');

  if (!existsSync(executablePath)) {
    console.error(
      `browser-check: Chromium not found at ${executablePath}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
    return 2;
  }
  if (!existsSync(path.join(distDir, 'app.js'))) {
    console.error(`browser-check: no bundle in ${distDir}; run tsx tools/browser-check/build.ts first.`);
    return 2;
  }
  const selected = scenarios().filter((scenario) => !only || only.includes(scenario.id));
  if (selected.length === 0) {
    console.error(`browser-check: no scenario matches --only ${only?.join(',')}`);
    return 2;
  }

  const started = Date.now();
  const server = await serve(distDir);
  let browser: Browser | undefined;
  try {
    // launch() gives Chromium a fresh temporary profile (--user-data-dir) and removes it on close.
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const screenshotDir = path.join(distDir, 'screenshots');
    const launched = browser;
    const limit = pool(PAGES_AT_ONCE);
    const results = await Promise.all(
      selected.map(async (scenario) => {
        const scenarioStarted = Date.now();
        const problems = await limit(() => checkScenario(launched, server.url, scenario, screenshotDir)).catch(
          (error: unknown) => [`check crashed: ${error instanceof Error ? error.message : String(error)}`],
        );
        return { scenario, problems, milliseconds: Date.now() - scenarioStarted };
      }),
    );
    if (argv.includes('--docs')) {
      copyDocImages(selected, screenshotDir);
    }
    let failed = 0;
    for (const { scenario, problems, milliseconds } of results) {
      const status = problems.length === 0 ? 'ok  ' : 'FAIL';
      console.log(`${status} ${scenario.id}: ${scenario.title} (${milliseconds} ms)`);
      for (const problem of problems) {
        console.log(`       ${problem}`);
      }
      failed += problems.length === 0 ? 0 : 1;
    }
    console.log(
      `browser-check: screenshots in ${path.relative(process.cwd(), screenshotDir)}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`${results.length - failed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    await browser?.close();
    await server.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`browser-check: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
