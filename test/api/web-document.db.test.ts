// The web app's page made for each visit (src/server/web-document.ts): signed out it says so and
// carries nothing personal; signed in it carries her session, web settings and the screen's first
// data, read through the API's own routes (so audited), names the screen's code for preloading,
// and is never stored. /index.html, the page the service worker keeps, carries none of it.
import assert from 'node:assert/strict';
import { QUICK_EXIT } from '../../src/server/inline-script.ts';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { publicStatisticsReads } from '../../src/web/lib/statistics-reads.ts';
import { sampleRegistration, startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let webRoot: string;

before(async () => {
  webRoot = mkdtempSync(join(tmpdir(), 'enlace-web-'));
  mkdirSync(join(webRoot, 'assets'));
  mkdirSync(join(webRoot, '.vite'));
  writeFileSync(join(webRoot, 'assets', 'app-1.css'), 'body{color:black}');
  writeFileSync(join(webRoot, 'assets', 'app-1.js'), '');
  writeFileSync(join(webRoot, 'index.html'), '<html><head><title>Enlace</title><script type="module" crossorigin src="/assets/app-1.js"></script><link rel="stylesheet" crossorigin href="/assets/app-1.css"></head><body><div id="root"></div></body></html>');
  writeFileSync(join(webRoot, '.vite', 'manifest.json'), JSON.stringify({ 'screens/CaseFile.tsx': { file: 'assets/CaseFile-1.js', imports: ['_case-1.js', '_app-1.js'] }, '_case-1.js': { file: 'assets/case-1.js' }, '_app-1.js': { file: 'assets/app-1.js' } }));
  t = await startTestApp({ webRoot });
});
after(async () => {
  await t.close();
  rmSync(webRoot, { recursive: true, force: true });
});

function bootOf(html: string): { lang: string; session?: { user: { username: string } } | null; web?: { draftKey: string }; reads: Record<string, unknown> } {
  const match = /<script type="application\/json" id="enlace-boot">(.*?)<\/script>/s.exec(html);
  assert.ok(match?.[1], 'the page carries its boot data');
  return JSON.parse(match[1]) as ReturnType<typeof bootOf>;
}

test('signed out: the page says no one is signed in, brings the sign-in form and its script (allowed by hash alone), inlines the style sheet, preloads the code of the screen the sign-in leads to, and is not stored', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/expedientes' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.match(res.body, /<style>body\{color:black\}<\/style>/);
  assert.doesNotMatch(res.body, /modulepreload/, 'no code of its own in this manifest');
  // Signing in loads the same address again: its code is fetched while she types.
  const caseFile = await t.app.inject({ method: 'GET', url: '/expedientes/5b0e7d3c-3f4a-4c1e-9d6a-2f8b1c0e4a71' });
  assert.match(caseFile.body, /enlace-signin/);
  assert.match(caseFile.body, /<link rel="modulepreload" crossorigin href="\/assets\/CaseFile-1.js"><link rel="modulepreload" crossorigin href="\/assets\/case-1.js">/);
  assert.deepEqual(Object.keys(bootOf(caseFile.body).reads), [], 'nothing read for her');
  const boot = bootOf(res.body);
  assert.equal(boot.session, null);
  assert.deepEqual(Object.keys(boot.reads), []);
  // The form, in Spanish, in #root; the inline scripts that run (the form's, the quick exit's) are allowed by their hashes.
  assert.match(res.body, /<div id="root">.*<form class="card" id="enlace-signin" method="post" action="\/".*>Ingresar<\/button>/s);
  assert.match(res.body, /<title>Iniciar sesión · Enlace<\/title>/);
  const scripts = [...res.body.matchAll(/<script>(.*?)<\/script>/gs)].map((m) => m[1] ?? '');
  assert.equal(scripts.length, 2, 'two inline scripts');
  assert.equal(`<script>${scripts[1]}</script>`, QUICK_EXIT.tag, 'the second is the quick exit');
  const policy = String(res.headers['content-security-policy']);
  const hashes = scripts.map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`);
  assert.ok(policy.includes(`script-src 'self' ${hashes.join(' ')};`), policy);
  assert.doesNotMatch(/script-src[^;]*/.exec(policy)?.[0] ?? '', /unsafe/);

  // The public statistics: no form, no inline script allowed; the dashboard's first answers in the page.
  const stats = await t.app.inject({ method: 'GET', url: '/estadisticas' });
  assert.doesNotMatch(stats.body, /enlace-signin/);
  assert.match(String(stats.headers['content-security-policy']), /script-src 'self';/);
  const reads = bootOf(stats.body).reads;
  const catalogue = reads['/api/public/indicators'] as Parameters<typeof publicStatisticsReads>[0];
  assert.ok(catalogue, 'the catalogue');
  assert.deepEqual(Object.keys(reads).sort(), ['/api/public/indicators', ...publicStatisticsReads(catalogue)].sort());
  if (catalogue.years.length > 0) assert.ok(Object.keys(reads).some((url) => url.startsWith('/api/public/statistics?') && url.includes('view=detectionDept')), 'the headline table');
});

test("signed in: her session, settings and the case file's first reads come with the page, audited like any read", async () => {
  const police = await t.signIn('policia');
  const created = await police.request('POST', '/api/case-files', sampleRegistration());
  const caseId = (created.json() as { caseFile: { id: string } }).caseFile.id;
  const [{ n: before } = { n: 0 }] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'READ' AND entity_id = $1", [caseId]);
  const res = await t.app.inject({ method: 'GET', url: `/expedientes/${caseId}`, headers: { cookie: police.cookie } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['cache-control'], 'no-store');
  const boot = bootOf(res.body);
  assert.equal(boot.session?.user.username, 'policia');
  assert.ok(boot.web?.draftKey);
  assert.deepEqual(Object.keys(boot.reads).sort(), [`/api/case-files/${caseId}`, `/api/case-files/${caseId}/history`, '/api/code-lists'].sort());
  assert.match(res.body, /<link rel="modulepreload" crossorigin href="\/assets\/CaseFile-1.js"><link rel="modulepreload" crossorigin href="\/assets\/case-1.js">/);
  assert.doesNotMatch(res.body, /modulepreload[^>]*app-1\.js/, 'the start code is in the page already');
  assert.doesNotMatch(res.body, /enlace-signin/);
  assert.ok(String(res.headers['content-security-policy']).includes(`script-src 'self' ${QUICK_EXIT.hash};`), 'the quick exit alone may run inline');
  const [{ n: after } = { n: 0 }] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'READ' AND entity_id = $1", [caseId]);
  assert.ok(after >= before + 1, `the case file read is audited (${before} → ${after})`);

  // Another agency's user gets the page, without that case file.
  const other = await t.app.inject({ method: 'GET', url: `/expedientes/${caseId}`, headers: { cookie: (await t.signIn('gestora')).cookie } });
  assert.deepEqual(Object.keys(bootOf(other.body).reads), ['/api/code-lists']);

  // The bare page the service worker keeps: nothing of hers.
  const bare = await t.app.inject({ method: 'GET', url: '/index.html', headers: { cookie: police.cookie } });
  assert.equal(bare.statusCode, 200);
  assert.doesNotMatch(bare.body, /enlace-boot|policia/);
});

/** The audited reads of one case file so far. */
async function readsOf(caseId: string): Promise<number> {
  const [{ n } = { n: 0 }] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'READ' AND entity_id = $1", [caseId]);
  return n;
}

test('the main screens come written into the page from the same answers (so read and audited exactly as the API reads them), escaped, in her language, and only what her policies let her read', async () => {
  const police = await t.signIn('policia');
  const created = await police.request('POST', '/api/case-files', sampleRegistration({ person: { givenNames: 'Rosa Elena' }, caseFile: { confidentialNotes: 'edad < 18 & "nota" > 2' } }));
  assert.equal(created.statusCode, 201, created.body);
  const { caseFile } = created.json() as { caseFile: { id: string; code: string } };

  // The case file: its facts and history in the page, in Spanish; the page's reads audited as the API's own.
  const before = await readsOf(caseFile.id);
  const page = await t.app.inject({ method: 'GET', url: `/expedientes/${caseFile.id}`, headers: { cookie: police.cookie } });
  const byPage = (await readsOf(caseFile.id)) - before;
  await police.request('GET', `/api/case-files/${caseFile.id}`);
  await police.request('GET', `/api/case-files/${caseFile.id}/history`);
  const byApi = (await readsOf(caseFile.id)) - before - byPage;
  assert.ok(byPage >= 1, 'the page read the case file');
  assert.equal(byPage, byApi, 'the page is audited exactly as the app reading the same through the API');
  assert.match(page.body, /<div id="root" data-served="case">/);
  assert.match(page.body, /<header class="topbar">.*<a href="\/expedientes">Expedientes<\/a>/s);
  assert.match(page.body, new RegExp(`<h1>Expediente ${caseFile.code}</h1>`));
  assert.match(page.body, /<dt>Nombres<\/dt><dd>Rosa Elena<\/dd>/);
  assert.match(page.body, /<dd>Loreto \(170101\)<\/dd>|<dd>Madre de Dios \(170101\)<\/dd>/, 'codes as their labels');
  assert.match(page.body, new RegExp(`<ol class="history"><li><p class="history-what" style="margin:0">[^<]*</p>`));
  assert.match(page.body, new RegExp(`Expediente ${caseFile.code} registrado`));
  assert.match(page.body, /<dd>edad &lt; 18 &amp; &quot;nota&quot; &gt; 2<\/dd>/, 'what was typed is escaped');
  assert.ok(String(page.headers['content-security-policy']).includes(`script-src 'self' ${QUICK_EXIT.hash};`), 'no inline script but the quick exit');
  const inline = [...page.body.matchAll(/<script(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).filter((body) => body);
  assert.deepEqual(inline.map((body) => `<script>${body}</script>`), [QUICK_EXIT.tag], 'its one inline script is the quick exit');
  assert.match(page.body, /<button type="button" class="quick-exit" data-quick-exit[^>]*>Salida rápida<\/button>/, 'with her way out, before the app has come');

  // In English when she chose it in this browser.
  const english = await t.app.inject({ method: 'GET', url: `/expedientes/${caseFile.id}`, headers: { cookie: `${police.cookie}; enlace_lang=en` } });
  assert.match(english.body, new RegExp(`<h1>Case file ${caseFile.code}</h1>`));
  assert.match(english.body, /<dt>Given names<\/dt>|<dt>First names<\/dt>|<dt>Names<\/dt>/);
  assert.equal(bootOf(english.body).lang, 'en');

  // The worklist: her first page, with the search (whose button waits for the app: no search in an address).
  const list = await t.app.inject({ method: 'GET', url: '/expedientes', headers: { cookie: police.cookie } });
  assert.match(list.body, /<title>Expedientes · Enlace<\/title>/);
  assert.match(list.body, /<div id="root" data-served="list">/);
  assert.match(list.body, new RegExp(`<tr><td><a href="/expedientes/${caseFile.id}" class="code">${caseFile.code}</a></td><td>Rosa Elena Quispe Huamán</td>`));
  assert.match(list.body, /<button type="submit" class="primary" disabled>/);

  // Another agency's user: not that case file, so no screen of it and nothing of it in the page.
  const gestora = await t.signIn('gestora');
  const other = await t.app.inject({ method: 'GET', url: `/expedientes/${caseFile.id}`, headers: { cookie: gestora.cookie } });
  assert.doesNotMatch(other.body, /data-served|Rosa Elena/);
  const theirs = await t.app.inject({ method: 'GET', url: '/expedientes', headers: { cookie: gestora.cookie } });
  assert.match(theirs.body, /data-served="list"/);
  assert.doesNotMatch(theirs.body, /Rosa Elena/);

  // Signed out: the sign-in form, no screen.
  assert.doesNotMatch((await t.app.inject({ method: 'GET', url: '/expedientes' })).body, /data-served/);

  // The public dashboard: its headline figure.
  const stats = await t.app.inject({ method: 'GET', url: '/estadisticas' });
  const catalogue = bootOf(stats.body).reads['/api/public/indicators'] as { years: string[] } | undefined;
  if (catalogue && catalogue.years.length > 0) {
    assert.match(stats.body, /<div id="root" data-served="publicStatistics">.*<span class="stats-key-value">[^<]+<\/span>/s);
    assert.match(stats.body, /<title>Estadísticas públicas de trata de personas · Enlace<\/title>/);
  }
});
