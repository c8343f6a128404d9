// A small script of src/web inlined into the page, allowed by its hash in the page's
// Content-Security-Policy (no other inline script runs). Its comment lines stay in the source.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface InlineScript {
  /** The <script> element. */
  tag: string;
  /** The CSP source that lets this script, and only it, run inline. */
  hash: string;
}

export function inlineScript(file: URL): InlineScript {
  const source = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
  return { tag: `<script>${source}</script>`, hash: `'sha256-${createHash('sha256').update(source).digest('base64')}'` };
}

/** Quick exit on a screen the server wrote, before the app's code has come (src/web/quick-exit-page.js). */
export const QUICK_EXIT = inlineScript(new URL('../web/quick-exit-page.js', import.meta.url));
