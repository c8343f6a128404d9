// Quick exit on the sign-in page and on a screen the server wrote into the page
// (src/server/web-screens.ts), before the app's code has come; the app's own is
// components/QuickExit.tsx. Blank at once, drop the drafts (lib/drafts.ts), end the session if
// there is one, leave. Inline, allowed by its hash in the page's CSP.
(() => {
  const button = document.querySelector('#root [data-quick-exit]');
  if (!button) return;
  button.addEventListener('click', () => {
    let token = '';
    try {
      token = JSON.parse(document.getElementById('enlace-boot')?.textContent || '{}')?.session?.csrfToken || '';
    } catch {
      // Without it the server may refuse the sign-out; the screen is still left.
    }
    document.title = 'about:blank';
    document.body.replaceChildren();
    document.body.style.background = '#fff';
    try {
      const storage = window.localStorage;
      for (const key of Object.keys(storage)) if (key.startsWith('enlace.draft.')) storage.removeItem(key);
    } catch {
      // Nothing kept.
    }
    if (token) fetch('/api/session', { method: 'DELETE', keepalive: true, credentials: 'same-origin', headers: { 'X-CSRF-Token': token } }).catch(() => undefined);
    window.location.replace('about:blank');
  });
})();
