// npm run bench:web — the web app on a slow link. Builds the app, prints what each piece weighs
// (raw, gzip, brotli; the initial download and each screen's chunk), then opens each main screen
// in Debian's Chromium under the DevTools "Slow 3G" network emulation (2,000 ms added to every
// request, 400 kbit/s down and up, through a CDP session) and prints the time until it is usable
// (what that means for each screen is printed with the figures). Visits:
//   first visit  — empty browser cache, no service worker (the worst case: a new computer);
//   return visit — the address opened again in the same browser with only the HTTP cache
//                  (service worker blocked, as on plain http): the page is asked for again, the
//                  code is cached;
//   repeat visit — the service worker has kept the app since an earlier visit: the page and the
//                  code come from it without a round trip; only the screen's data travels
//                  (Chromium's emulation slows the page's requests, not those the service worker
//                  makes itself: its network-first /api/code-lists is not slowed here);
//   in the app   — following a link from the case list (how a case worker moves around);
//   after sign-in — the worklist reached as a case worker reaches it on a new computer: empty
//                  cache, no service worker, the sign-in page opened, the form filled and sent at
//                  once (the sooner, the less of the app's code is cached), the worklist usable.
//                  The "first visit" of a signed-in screen (a session cookie in an empty browser)
//                  happens only when the cache was cleared and the cookie kept.
// Target (issue 8): initial JS ≤ 200 KB gzip, each main screen usable within 5 s.
// BENCH_WEB_RUNS (default 1) runs of each; the median is printed. Figures are noisy on a shared
// machine; the link's latency dominates them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import { PASSWORD, sampleRegistration } from '../test/helpers/app.ts';
import { root, startBrowserRig, webDist, type BrowserRig } from '../e2e/support.ts';

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 1);
/** Chromium DevTools' "Slow 3G" preset (also puppeteer's PredefinedNetworkConditions['Slow 3G']). */
const SLOW_3G = { offline: false, latency: 400 * 5, downloadThroughput: ((500 * 1000) / 8) * 0.8, uploadThroughput: ((500 * 1000) / 8) * 0.8 };

// ---- Bundle sizes ----------------------------------------------------------------------------

const build = spawnSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}\n${build.stderr}`);

interface Asset {
  name: string;
  raw: number;
  gz: number;
  br: number;
}
const size = (path: string) => statSync(path).size;
const assets: Asset[] = readdirSync(join(webDist, 'assets'))
  .filter((f) => /\.(js|css)$/.test(f))
  .map((f) => {
    const path = join(webDist, 'assets', f);
    return { name: f, raw: size(path), gz: size(`${path}.gz`), br: size(`${path}.br`) };
  });
const index = readFileSync(join(webDist, 'index.html'), 'utf8');
const initialNames = new Set([...index.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
const sum = (list: Asset[], key: 'raw' | 'gz' | 'br') => list.reduce((total, a) => total + a[key], 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const initialJs = assets.filter((a) => initialNames.has(a.name) && a.name.endsWith('.js'));
const initialCss = assets.filter((a) => initialNames.has(a.name) && a.name.endsWith('.css'));

console.log('\n== Bundle (dist/web)');
console.log(`initial JS : ${initialJs.length} files, ${kb(sum(initialJs, 'raw'))} raw, ${kb(sum(initialJs, 'gz'))} gzip, ${kb(sum(initialJs, 'br'))} brotli  (limit 200 KB gzip: ${sum(initialJs, 'gz') <= 200 * 1024 ? 'within' : 'OVER'})`);
console.log(`initial CSS: ${kb(sum(initialCss, 'raw'))} raw, ${kb(sum(initialCss, 'gz'))} gzip, ${kb(sum(initialCss, 'br'))} brotli`);
console.log(`all assets : ${assets.length} files, ${kb(sum(assets, 'gz'))} gzip, ${kb(sum(assets, 'br'))} brotli (what the service worker keeps)`);
console.log(`${'asset'.padEnd(40)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}  loaded`);
for (const a of [...assets].sort((x, y) => y.gz - x.gz)) {
  console.log(`${a.name.padEnd(40)} ${kb(a.raw).padStart(10)} ${kb(a.gz).padStart(10)} ${kb(a.br).padStart(10)}  ${initialNames.has(a.name) ? 'at start' : 'on demand'}`);
}

// What each main screen downloads on a first visit: the start code and its own chunks (the page names
// them for preloading, see src/server/web-document.ts).
const manifest = JSON.parse(readFileSync(join(webDist, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[] }>;
const chunksOf = (source: string, seen = new Set<string>()): Set<string> => {
  const chunk = manifest[source];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const imported of chunk.imports ?? []) chunksOf(imported, seen);
  return seen;
};
const byName = new Map(assets.map((a) => [a.name, a]));
console.log(`\n${'screen'.padEnd(18)} ${'own code gzip'.padStart(14)} ${'with start code'.padStart(16)}  ${'files'}`);
for (const [screen, source] of [['sign-in', undefined], ['worklist', 'screens/CaseList.tsx'], ['case file', 'screens/CaseFile.tsx'], ['registration', 'screens/RegisterCase.tsx'], ['public dashboard', 'screens/Statistics.tsx']] as const) {
  const own = [...(source ? chunksOf(source) : new Set<string>())].map((file) => byName.get(file.replace(/^assets\//, ''))).filter((a): a is Asset => a !== undefined && !initialNames.has(a.name));
  console.log(`${screen.padEnd(18)} ${kb(sum(own, 'gz')).padStart(14)} ${kb(sum(own, 'gz') + sum(initialJs, 'gz') + sum(initialCss, 'gz')).padStart(16)}  ${own.length + initialJs.length}`);
}

// ---- Time to usable on Slow 3G ---------------------------------------------------------------

const rig: BrowserRig = await startBrowserRig();
const police = await rig.t.signIn('policia');
const ngo = await rig.t.signIn('gestora');
// Thirty other case files first, so the list is full and hers is the newest.
for (let i = 0; i < 30; i++) await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: `Persona ${i}`, paternalSurname: 'Sintética', documents: [] } }));
const created = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', maternalSurname: 'Condori', birthDate: '2008-05-10', documents: [] } }));
const caseId = (created.json() as { caseFile: { id: string }; person: { id: string } }).caseFile.id;
const personId = (created.json() as { person: { id: string } }).person.id;
await ngo.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa Elena', paternalSurname: 'Mamani', birthDate: '2008-10-05', documents: [] } }));

interface Screen {
  name: string;
  user: string | undefined;
  path: string;
  /** What "usable" means on this screen, printed with the figures. */
  means: string;
  /** True once the screen can be used. */
  usable(page: Page): Promise<unknown>;
  /** The link a user follows to get there from the case list, when there is one. */
  link?: (page: Page) => ReturnType<Page['getByRole']>;
}

/** The screen's control shown and nothing on it still loading (no "Cargando…"). */
const ready = (page: Page, control: ReturnType<Page['getByRole']>) =>
  Promise.all([control.waitFor({ state: 'visible', timeout: 60_000 }), page.waitForFunction(() => document.querySelector('.loading') === null, undefined, { timeout: 60_000 })]);

const SCREENS: Screen[] = [
  {
    name: 'sign-in',
    user: undefined,
    path: '/',
    means: "the sign-in form's Ingresar button shown and the form working: the page's own sign-in script running (it signs in through the API), or the app's code",
    usable: (p) => Promise.all([ready(p, p.getByRole('button', { name: 'Ingresar' })), p.waitForFunction(() => { const form = document.getElementById('enlace-signin'); return form === null || 'ready' in form.dataset; }, undefined, { timeout: 60_000 })]),
  },
  { name: 'worklist', user: 'policia', path: '/expedientes', means: 'the first case file row of her list shown', usable: (p) => ready(p, p.getByRole('row').nth(1)) },
  { name: 'case file', user: 'policia', path: `/expedientes/${caseId}`, means: 'the case file shown with the first entry of its history', usable: (p) => ready(p, p.locator('ol.history > li').first()), link: (p) => p.getByRole('row', { name: /Rosa Elena Mamani Condori/ }).getByRole('link').first() },
  { name: 'registration', user: 'policia', path: '/expedientes/nuevo', means: 'the registration form shown with its first field (Nombres) ready', usable: (p) => ready(p, p.getByLabel('Nombres', { exact: true })), link: (p) => p.getByRole('link', { name: 'Registrar víctima' }).first() },
  { name: 'public dashboard', user: undefined, path: '/estadisticas', means: "the public statistics' headline figure (persons identified) shown", usable: (p) => ready(p, p.locator('.stats-key-value').first()) },
];

/** One request of a page load as the browser saw it: when it was asked for and done, and its bytes on the wire. */
interface Fetch {
  url: string;
  start: number;
  end: number;
  bytes: number;
}

/**
 * Slows the page to "Slow 3G" and records its requests (the waterfall): how many round trips a
 * screen waits for one after the other and how many bytes it downloads do not depend on how
 * loaded the machine is, unlike the seconds.
 */
async function throttled(page: Page): Promise<() => Fetch[]> {
  const cdp = await page.context().newCDPSession(page);
  const fetches = new Map<string, Fetch>();
  cdp.on('Network.requestWillBeSent', (event) => fetches.set(event.requestId, { url: event.request.url, start: event.timestamp, end: Number.NaN, bytes: 0 }));
  cdp.on('Network.loadingFinished', (event) => {
    const fetch = fetches.get(event.requestId);
    if (fetch) Object.assign(fetch, { end: event.timestamp, bytes: event.encodedDataLength });
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  return () => [...fetches.values()].filter((fetch) => !Number.isNaN(fetch.end) && !fetch.url.startsWith('data:')).sort((a, b) => a.start - b.start);
}

/** The requests of a first visit, from the page's own: start and end in seconds after it, bytes, address. */
function waterfall(fetches: Fetch[]): string[] {
  const zero = fetches[0]?.start ?? 0;
  return fetches.map((f) => `    ${(f.start - zero).toFixed(1).padStart(5)} → ${(f.end - zero).toFixed(1).padStart(5)} s ${kb(f.bytes).padStart(9)}  ${new URL(f.url).pathname}${new URL(f.url).search}`);
}

async function contextFor(user: string | undefined, serviceWorkers: 'allow' | 'block'): Promise<BrowserContext> {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-PE', timezoneId: 'America/Lima', serviceWorkers });
  if (user) {
    const client = await rig.t.signIn(user);
    const [name, value] = client.cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: rig.base, httpOnly: true, sameSite: 'Strict' }]);
  }
  return context;
}

async function timeTo(page: Page, go: () => Promise<unknown>, usable: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await go();
  await usable();
  return (performance.now() - started) / 1000;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

interface Row {
  screen: string;
  first: number[];
  again: number[];
  kept: number[];
  inApp: number[];
  firstBytes: number;
}
/** First visits to the sign-in screen: seconds until the app's code has taken the form over. */
const appCode: number[] = [];
/** Each screen's first visit, request by request (the first run's). */
const waterfalls: string[] = [];
const rows: Row[] = SCREENS.map((s) => ({ screen: s.name, first: [], again: [], kept: [], inApp: [], firstBytes: 0 }));
/** Seconds from sending the sign-in form of a first visit until the worklist is usable. */
const afterSignIn: number[] = [];
/** The requests of that journey (the first run's). */
let signInWaterfall: string[] = [];

for (let run = 0; run < RUNS; run++) {
  for (const [i, screen] of SCREENS.entries()) {
    const row = rows[i];
    if (!row) continue;
    const context = await contextFor(screen.user, 'block');
    const page = await context.newPage();
    const requests = await throttled(page);
    let bytes = 0;
    page.on('response', (response) => {
      void response.request().sizes().then((s) => (bytes += s.responseBodySize + s.responseHeadersSize)).catch(() => undefined);
    });
    const started = performance.now();
    row.first.push(await timeTo(page, () => page.goto(`${rig.base}${screen.path}`, { waitUntil: 'commit', timeout: 60_000 }), () => screen.usable(page)));
    // The sign-in form works from the page's own script; said too: when the app's code has taken it over.
    if (screen.user === undefined && screen.path === '/') {
      await page.waitForFunction(() => document.getElementById('enlace-signin') === null, undefined, { timeout: 60_000 });
      appCode.push((performance.now() - started) / 1000);
    }
    await page.waitForLoadState('networkidle');
    row.firstBytes = bytes;
    if (run === 0) waterfalls.push(`  ${screen.name}:`, ...waterfall(requests()));
    row.again.push(await timeTo(page, () => page.goto(`${rig.base}${screen.path}`, { waitUntil: 'commit', timeout: 60_000 }), () => screen.usable(page)));
    if (screen.link && screen.user === 'policia') {
      await page.goto(`${rig.base}/expedientes`);
      await SCREENS.find((s) => s.name === 'worklist')?.usable(page);
      await page.waitForLoadState('networkidle');
      const link = screen.link(page);
      row.inApp.push(await timeTo(page, () => link.click(), () => screen.usable(page)));
    }
    await context.close();
    console.log(`  ${screen.name}: first ${row.first.at(-1)?.toFixed(1)} s, return ${row.again.at(-1)?.toFixed(1)} s, in the app ${row.inApp.at(-1)?.toFixed(1) ?? '—'} s`);

    // With the service worker: a first visit at full speed installs it, then the timed one.
    const kept = await contextFor(screen.user, 'allow');
    const keptPage = await kept.newPage();
    await keptPage.goto(`${rig.base}${screen.path}`);
    await keptPage.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await screen.usable(keptPage);
    await throttled(keptPage);
    row.kept.push(await timeTo(keptPage, () => keptPage.goto(`${rig.base}${screen.path}`, { waitUntil: 'commit', timeout: 60_000 }), () => screen.usable(keptPage)));
    await kept.close();
  }
  const context = await contextFor(undefined, 'block');
  const page = await context.newPage();
  const requests = await throttled(page);
  await page.goto(`${rig.base}/`, { waitUntil: 'commit', timeout: 60_000 });
  await SCREENS[0]?.usable(page);
  await page.getByLabel('Usuario').fill('policia');
  await page.getByLabel('Contraseña').fill(PASSWORD);
  const worklist = SCREENS.find((s) => s.name === 'worklist');
  afterSignIn.push(await timeTo(page, () => page.getByRole('button', { name: 'Ingresar' }).click(), async () => { await worklist?.usable(page); }));
  if (run === 0) signInWaterfall = waterfall(requests());
  await context.close();
  console.log(`  worklist after sign-in: ${afterSignIn.at(-1)?.toFixed(1)} s`);
}

const seconds = (values: number[]) => (values.length ? `${median(values).toFixed(1)} s` : '—');
console.log(`\n== Time to usable on Slow 3G (2,000 ms RTT, 400 kbit/s), median of ${RUNS}`);
console.log('usable means:');
for (const screen of SCREENS) console.log(`  ${screen.name.padEnd(18)} ${screen.means}; nothing on it still loading`);
console.log(`${'screen'.padEnd(24)} ${'first visit'.padStart(12)} ${'return visit'.padStart(13)} ${'repeat visit'.padStart(13)} ${'in the app'.padStart(11)} ${'first-visit bytes'.padStart(18)}`);
for (const row of rows) {
  console.log(
    `${row.screen.padEnd(24)} ${seconds(row.first).padStart(12)} ${seconds(row.again).padStart(13)} ${seconds(row.kept).padStart(13)} ${seconds(row.inApp).padStart(11)} ${kb(row.firstBytes).padStart(18)}`,
  );
}
console.log(`worklist after sign-in, first visit (from sending the form): ${seconds(afterSignIn)}`);
if (appCode.length) console.log(`sign-in, first visit: the app's code takes the form over at ${seconds(appCode)} (what was typed stays)`);
console.log('\nfirst visits, request by request (seconds from the page request; bytes on the wire):');
for (const line of waterfalls) console.log(line);
console.log('  sign-in, then the worklist (from the sign-in page request):');
for (const line of signInWaterfall) console.log(line);
const slowest = (pick: (row: Row) => number[]) => Math.max(...rows.map((r) => median(pick(r))));
for (const [label, pick] of [['first visit', (r: Row) => r.first], ['return visit', (r: Row) => r.again], ['repeat visit', (r: Row) => r.kept]] as const) {
  const worst = slowest(pick);
  console.log(`slowest ${label}: ${worst.toFixed(1)} s (target 5 s: ${worst <= 5 ? 'met' : 'NOT met'})`);
}
await rig.close();
