// Builds the web app into <repo>/dist/web, which the server serves with a strict CSP (no inline
// scripts). In development, /api goes to a running Enlace (port 3000, or ENLACE_API_URL).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: `${repoRoot}dist/web`,
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
