// Builds the web app into <repo>/dist/web, which the server serves with a strict CSP (no inline
// scripts). In development, /api goes to a running Enlace (port 3000, or ENLACE_API_URL).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  root: webRoot,
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // Every supported browser preloads modules itself; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': process.env.ENLACE_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
