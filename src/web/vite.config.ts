// Builds the web app into <repo>/dist/web, which the server serves with a strict CSP (no inline
// scripts). In development, /api goes to a running Enlace (port 3000, or ENLACE_API_URL).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { START_TEXTS } from './locales/start.ts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const outDir = `${repoRoot}dist/web`;

/**
 * Writes .br and .gz next to every text asset, so a server that serves precompressed files
 * (@fastify/static `preCompressed`) sends a third of the bytes over slow links without compressing
 * on each request.
 */
function precompress(): Plugin {
  return {
    name: 'enlace-precompress',
    apply: 'build',
    closeBundle() {
      for (const name of readdirSync(outDir, { recursive: true }).map(String)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const path = join(outDir, name);
        const content = readFileSync(path);
        writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

/**
 * Writes dist/web/sw.js from src/web/service-worker.js with the list of this build's assets, so
 * that the whole app (every screen, not only the ones visited) works without a connection.
 */
function serviceWorker(): Plugin {
  return {
    name: 'enlace-service-worker',
    apply: 'build',
    writeBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/') && /\.(js|css)$/.test(name))
        .sort()
        .map((name) => `/${name}`);
      const version = `enlace-${createHash('sha256').update(assets.join('\n')).digest('hex').slice(0, 12)}`;
      const source = readFileSync(join(webRoot, 'service-worker.js'), 'utf8')
        .replace("'__ENLACE_VERSION__'", JSON.stringify(version))
        .replace('self.__ENLACE_ASSETS__', JSON.stringify(assets));
      writeFileSync(join(outDir, 'sw.js'), source);
    },
  };
}

/**
 * The start texts in Spanish (locales/start.ts) into the page as JSON the browser does not execute,
 * at the end of its body: they arrive with the page, while the browser still waits for the code it
 * names (a round trip), instead of after it as part of the start code (English comes as a chunk of
 * its own when chosen; only Spanish here, as each byte of the page delays a page whose code is cached). The server's page is made from this
 * one (src/server/web-document.ts) and the service worker keeps it. lib/i18n.ts reads them.
 */
function startTexts(): Plugin {
  return {
    name: 'enlace-start-texts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace('</body>', () => `<script type="application/json" id="enlace-texts">${JSON.stringify({ es: START_TEXTS.es }).replace(/</g, '\\u003c')}</script></body>`),
    },
  };
}

/**
 * Fewer, larger files for the main screens. On a slow link every file is a round trip once the
 * browser's six connections are busy, and the automatic splitting made ten files of the start
 * code and fifteen of the case file. Into one chunk each: the code the app runs at start (all
 * main.tsx imports statically, with the case list, where a case worker lands); what the
 * registration form and the case file both add to it (the 'forms' both show); what the
 * registration form adds besides; what the case file adds besides (its own forms and the shared
 * schemas come on demand after it, see screens/CaseFile.tsx). Other screens split as before.
 */
const START = ['main.tsx', 'screens/CaseList.tsx'];
const REGISTER = 'screens/RegisterCase.tsx';
const CASE_FILE = 'screens/CaseFile.tsx';
const CHUNKS = ['app', 'forms', 'register', 'case'] as const;
const groupOf = new Map<string, (typeof CHUNKS)[number]>();

/** Works out each chunk's modules (those statically imported from its files, not at start) once the graph is known. */
function mainChunkGroups(): Plugin {
  return {
    name: 'enlace-main-chunks',
    apply: 'build',
    buildEnd() {
      groupOf.clear();
      const reached = (from: readonly string[]): Set<string> => {
        const seen = new Set<string>();
        const queue = from.map((file) => join(webRoot, file));
        while (queue.length > 0) {
          const id = queue.pop() ?? '';
          if (seen.has(id) || groupOf.get(id) === 'app') continue;
          seen.add(id);
          queue.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
        return seen;
      };
      for (const id of reached(START)) groupOf.set(id, 'app');
      const register = reached([REGISTER]);
      const caseFile = reached([CASE_FILE]);
      for (const id of register) groupOf.set(id, caseFile.has(id) ? 'forms' : 'register');
      for (const id of caseFile) if (!register.has(id)) groupOf.set(id, 'case');
    },
  };
}

/**
 * Preact's React-compatible layer instead of React: the same components in ~5 KB brotli instead of
 * ~55 KB, which on "Slow 3G" (50 KB/s) is a second less before every screen the app draws on a
 * first visit. The code is written and type-checked against React's API (@types/react).
 */
const PREACT: { find: RegExp; replacement: string }[] = [
  { find: /^react\/jsx-(dev-)?runtime$/, replacement: 'preact/compat/jsx-runtime' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react(-dom)?$/, replacement: 'preact/compat' },
];

/**
 * The few functions of i18next and react-i18next the app uses, written small (lib/texts/): ~1 KB
 * instead of ~28 KB gzip in the start code. test/web/texts.test.ts holds them to i18next's results
 * on every text of the catalogues; the code keeps importing and type-checking against i18next.
 */
const TEXTS: { find: RegExp; replacement: string }[] = [
  { find: /^i18next$/, replacement: join(webRoot, 'lib/texts/i18next.ts') },
  { find: /^react-i18next$/, replacement: join(webRoot, 'lib/texts/react-i18next.ts') },
];

export default defineConfig({
  root: webRoot,
  plugins: [react(), startTexts(), mainChunkGroups(), serviceWorker(), precompress()],
  resolve: { alias: [...PREACT, ...TEXTS] },
  build: {
    outDir,
    emptyOutDir: true,
    // Every supported browser preloads modules itself; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
    // Which chunks each screen needs: the server names them in the page (modulepreload) so they
    // load alongside the start code instead of after it.
    manifest: true,
    rolldownOptions: {
      output: {
        // Each module in the one chunk worked out for it (mainChunkGroups).
        codeSplitting: { groups: CHUNKS.map((name) => ({ name, test: (id: string) => groupOf.get(id) === name })) },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.ENLACE_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
