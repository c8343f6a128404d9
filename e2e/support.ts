// What every browser journey needs: the built web app (rebuilt when older than its sources), an
// Enlace on a fresh test database serving it with the production headers, Debian's Chromium, pages
// whose script errors are collected, sign-in by cookie (whatever the sign-in form asks for), and
// a photograph of the page when a step fails. Screenshots go to artifacts/e2e/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { buildApp, SESSION_COOKIE, type AppConfig } from '../src/server/app.ts';
import { startTestApp, type TestApp } from '../test/helpers/app.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const webDist = join(root, 'dist/web');
export const shots = join(root, 'artifacts/e2e');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Newest modification time under a folder, to tell whether the built app is older than its sources. */
function newest(dir: string): number {
  return readdirSync(dir, { recursive: true })
    .map((f) => statSync(join(dir, String(f))).mtimeMs)
    .reduce((a, b) => Math.max(a, b), 0);
}

const isStale = () => {
  const index = join(webDist, 'index.html');
  return !existsSync(index) || statSync(index).mtimeMs < Math.max(newest(join(root, 'src/web')), newest(join(root, 'src/domain')));
};

/**
 * Builds the app when its sources are newer. Browser test files run in parallel: a lock (a
 * folder, created atomically) lets one of them build while the others wait, then use its build.
 */
export function buildWebIfStale(): void {
  if (!isStale()) return;
  const lock = join(root, 'dist', '.web-build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  const waitUntil = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a build that died is taken over after two minutes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > waitUntil) throw new Error(`web build lock ${lock} held too long`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (!isStale()) return;
    const result = spawnSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, `web build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface BrowserRig {
  t: TestApp;
  web: FastifyInstance;
  browser: Browser;
  base: string;
  /** Uncaught script errors of every page, checked at the end (refused requests are not script errors). */
  scriptErrors: string[];
  newPage(options?: { locale?: string }): Promise<Page>;
  /** A page whose browser already holds the session cookie of this user (signed in through the API). */
  signedInPage(username: string, options?: BrowserContextOptions): Promise<Page>;
  /** Runs a journey; when it fails, the page in use goes to artifacts/e2e/failure-<name>.png. */
  photographFailure(name: string, journey: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserRig(config: Partial<AppConfig> = {}): Promise<BrowserRig> {
  buildWebIfStale();
  mkdirSync(shots, { recursive: true });
  const t = await startTestApp(config);
  // The test app serves no web app; a second app on the same database serves the built one, with
  // the production headers (strict CSP) and the SPA fallback.
  const web = await buildApp(t.db, { webRoot: webDist, ...config });
  await web.listen({ port: 0, host: '127.0.0.1' });
  const address = web.server.address();
  assert.ok(address && typeof address === 'object');
  const base = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  const scriptErrors: string[] = [];
  let current: Page | undefined;

  async function pageIn(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    current = page;
    page.on('pageerror', (error) => scriptErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) scriptErrors.push(message.text());
    });
    return page;
  }

  const newContext = (locale = 'es-PE', options: BrowserContextOptions = {}) => browser.newContext({ viewport: { width: 1280, height: 900 }, locale, timezoneId: 'America/Lima', ...options });

  return {
    t,
    web,
    browser,
    base,
    scriptErrors,
    newPage: async (options = {}) => pageIn(await newContext(options.locale)),
    async signedInPage(username, options = {}) {
      const client = await t.signIn(username);
      const context = await newContext('es-PE', options);
      const [name, value] = client.cookie.split('=');
      assert.equal(name, SESSION_COOKIE);
      await context.addCookies([{ name: SESSION_COOKIE, value: value ?? '', url: base, httpOnly: true, sameSite: 'Strict' }]);
      return pageIn(context);
    },
    async photographFailure(name, journey) {
      try {
        await journey();
      } catch (error) {
        if (current && !current.isClosed()) await current.screenshot({ path: join(shots, `failure-${name}.png`), fullPage: true }).catch(() => undefined);
        // What the page itself reported goes with the failure: a step that fails after a script error
        // otherwise shows only its symptom.
        if (scriptErrors.length > 0 && error instanceof Error) error.message += `\nscript errors in the page:\n${scriptErrors.join('\n')}`;
        throw error;
      }
    },
    async close() {
      await browser.close();
      await web.close();
      await t.close();
    },
  };
}

/**
 * Waits until the screen has finished loading: no "Cargando…" left, a heading in place, and the
 * app's own screen in place of the one the page brought (src/server/web-screens.ts).
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => document.querySelector('h1') !== null && document.querySelector('.loading') === null && document.querySelector('[data-served]') === null, undefined, { timeout: 15_000 });
}
