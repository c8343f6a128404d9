// The web app's page, made for each visit so that a slow link pays one round trip before the app
// can run instead of four (a 2-second round trip on "Slow 3G"): the style sheet inline, the code
// of the screen at that address named for preloading beside the start code, and, as JSON the
// browser does not execute, who is signed in, the web settings and the screen's first data. Those
// answers are the API's own, asked through the same routes (app.inject with the visitor's cookie),
// so the same policies decide and the same reads are audited. The page then holds personal data:
// it is never stored (no-store). The service worker keeps /index.html, the page without any of it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createGzip, Gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { firstReadsOf } from '../web/lib/first-reads.ts';
import { parseRoute, type Route } from '../web/lib/routes.ts';
import { publicStatisticsReads } from '../web/lib/statistics-reads.ts';
import type { WebBoot } from '../web/lib/boot.ts';
import { chosenLanguage, servedTitle, serveScreen } from './web-screens.ts';
import { QUICK_EXIT } from './inline-script.ts';
import { SIGN_IN_MARKUP, SIGN_IN_SCRIPT, SIGN_IN_SCRIPT_HASHES, SIGN_IN_TITLE } from './sign-in-page.ts';

/** The source of each screen's code, as the build's manifest names it. */
const SCREEN_SOURCE: Partial<Record<Route['name'], string>> = {
  list: 'screens/CaseList.tsx',
  register: 'screens/RegisterCase.tsx',
  case: 'screens/CaseFile.tsx',
  person: 'screens/Person.tsx',
  linkage: 'screens/Linkage.tsx',
  publicStatistics: 'screens/Statistics.tsx',
  statistics: 'screens/Statistics.tsx',
  followUp: 'screens/FollowUp.tsx',
  carePlan: 'screens/CarePlan.tsx',
  imports: 'screens/Imports.tsx',
};

type Manifest = Record<string, { file: string; imports?: string[] }>;

export interface WebDocument {
  /** Answers a visit to an address of the app. */
  send(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, csp: string): Promise<FastifyReply>;
}

export function loadWebDocument(webRoot: string): WebDocument | undefined {
  const indexPath = join(webRoot, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  // The style sheet inline: it no longer blocks the first paint behind a round trip of its own.
  const template = readFileSync(indexPath, 'utf8').replace(/<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"[^>]*>/g, (tag, href: string) => {
    const path = join(webRoot, href);
    return existsSync(path) ? `<style>${readFileSync(path, 'utf8')}</style>` : tag;
  });
  const manifestPath = join(webRoot, '.vite', 'manifest.json');
  const manifest: Manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest) : {};
  const inTemplate = new Set([...template.matchAll(/src="(\/assets\/[^"]+)"/g)].map((m) => m[1]));

  /** The files a screen's code needs (its chunk and the chunks it imports), minus those the page loads anyway. */
  const codeOf = (route: Route): string[] => {
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || files.has(`/${chunk.file}`)) return;
      files.add(`/${chunk.file}`);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    const source = SCREEN_SOURCE[route.name];
    if (source) visit(source);
    return [...files].filter((file) => !inTemplate.has(file));
  };

  // The page in two parts: up to the app's root, sent as soon as it is known who is signed in (so
  // the browser starts on the code at once), and the rest once the screen's first data is read.
  const [templateHead = template, templateRest = ''] = template.split('<div id="root"></div>');

  return {
    async send(app, request, reply, csp) {
      const pathname = new URL(request.url, 'http://enlace').pathname;
      const route = parseRoute(pathname);
      const lang = chosenLanguage(request.headers.cookie);
      const get = injector(app, request, lang);
      const boot: WebBoot = { lang, reads: {} };
      if (route.name !== 'publicStatistics') boot.session = await sessionOf(request, get);
      // Signed out too: the sign-in loads this address again, and its code, fetched meanwhile, is then
      // cached (else the screen waits for it after the reloaded page, one more round trip: 2 s on "Slow 3G").
      const preload = codeOf(route)
        .map((file) => `<link rel="modulepreload" crossorigin href="${file}">`)
        .join('');
      // Not signed in: the sign-in form is in the page and works before the app's code has come.
      const signIn = boot.session === null && route.name !== 'publicStatistics';
      // Replaced by functions: a replacement string would read "$&" or "$'" in the data as patterns.
      const head = templateHead
        .replace('</head>', () => `${preload}</head>`)
        .replace('<title>Enlace</title>', () => `<title>${signIn ? SIGN_IN_TITLE : (servedTitle(route, pathname, boot.session ? boot.session.user.roles : undefined, lang) ?? 'Enlace')}</title>`);
      // Its script runs by its hash; no other inline script does.
      // A signed-in page may carry a screen written by the server, with its quick exit (inline-script.ts).
      const policy = signIn ? csp.replace("script-src 'self'", `script-src 'self' ${SIGN_IN_SCRIPT_HASHES}`) : boot.session ? csp.replace("script-src 'self'", `script-src 'self' ${QUICK_EXIT.hash}`) : csp;
      reply.header('Content-Security-Policy', policy).header('Cache-Control', 'no-store').header('Vary', 'Cookie, Accept-Encoding').type('text/html; charset=utf-8');
      const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
      const body = gzip ? createGzip({ level: 6 }) : new PassThrough();
      if (gzip) reply.header('Content-Encoding', 'gzip');
      body.write(head);
      if (body instanceof Gzip) body.flush();
      void (async () => {
        // A read that fails leaves the app to ask for it itself.
        await firstReads(route, pathname, new URL(request.url, 'http://enlace').search, boot, get).catch(() => undefined);
        const data = JSON.stringify(boot).replace(/</g, '\\u003c');
        const bootTag = `<script type="application/json" id="enlace-boot">${data}</script>`;
        // The screen itself, from those answers, when it is one of the main ones (web-screens.ts).
        const served = signIn ? undefined : serveScreen(route, pathname, boot.reads, boot.session, lang);
        const root = signIn ? `<div id="root">${SIGN_IN_MARKUP}</div>${bootTag}${SIGN_IN_SCRIPT}` : served ? `<div id="root" data-served="${served.name}">${served.markup}</div>${bootTag}${boot.session ? QUICK_EXIT.tag : ''}` : `<div id="root"></div>${bootTag}`;
        // The visitor may have gone meanwhile (the stream then closed).
        if (!body.destroyed) body.end(`${root}${templateRest}`);
      })();
      return reply.send(body);
    },
  };
}

type Get = (url: string) => Promise<{ status: number; body: unknown }>;

/** Asks the API as the visitor (her cookie, her address), so the same policies decide and the same reads are audited. */
function injector(app: FastifyInstance, request: FastifyRequest, lang: WebBoot['lang']): Get {
  const headers = { cookie: request.headers.cookie ?? '', 'user-agent': request.headers['user-agent'] ?? '', 'accept-language': lang, accept: 'application/json' };
  return async (url) => {
    const answer = await app.inject({ method: 'GET', url, headers, remoteAddress: request.ip });
    return { status: answer.statusCode, body: answer.statusCode === 200 ? (answer.json() as unknown) : undefined };
  };
}

/** Who is signed in: null for no one, undefined when it could not be told (the app asks). */
async function sessionOf(request: FastifyRequest, get: Get): Promise<WebBoot['session']> {
  if (!request.headers.cookie) return null;
  const me = await get('/api/me');
  if (me.status === 401) return null;
  return me.status === 200 ? (me.body as WebBoot['session']) : undefined;
}

/** Her web settings and the screen's first data, into the boot. */
async function firstReads(route: Route, pathname: string, search: string, boot: WebBoot, get: Get): Promise<void> {
  const session = boot.session;
  // The web settings with the session, or neither: the app then asks for both.
  const settings = session ? get('/api/me/web') : undefined;
  const ready = session && !session.secondFactorPending && !session.mustChangePassword && !session.mustEnrolSecondFactor;
  const { personal, reference } = firstReadsOf(route, pathname, session ? session.user.roles : undefined);
  // Signed out, the sign-in form needs nothing.
  const reads = session === null ? [] : [...reference, ...(ready ? personal : [])];
  const answers = await Promise.all(reads.map(async (url) => [url, await get(url)] as const));
  for (const [url, answer] of answers) if (answer.status === 200) boot.reads[url] = answer.body;
  const web = await settings;
  if (web?.status === 200) boot.web = web.body as WebBoot['web'];
  else if (session) delete boot.session;
  // The public dashboard's figures, map and trend for its first filters, which its catalogue decides,
  // and its region's plans (Lima, or the region named in the address):
  // asked here, they do not cost the visitor two more round trips once the code has come.
  const catalogue = boot.reads['/api/public/indicators'] as Parameters<typeof publicStatisticsReads>[0] | undefined;
  if (route.name === 'publicStatistics' && catalogue) {
    const more = await Promise.all(publicStatisticsReads(catalogue, search).map(async (url) => [url, await get(url)] as const));
    for (const [url, answer] of more) if (answer.status === 200) boot.reads[url] = answer.body;
  }
}
