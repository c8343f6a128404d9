// The sign-in form that the page itself brings to a visitor who is not signed in
// (src/server/sign-in-page.ts): on a slow link it works as soon as the page has arrived, seconds
// before the app's code does. Inline in the page, allowed by its hash in the Content-Security-Policy
// (no other inline script runs), so it must stay one constant text. It signs in through the API
// like the app (POST /api/session) and then loads the page again, now with the session. When the
// app's code arrives it takes the form over with what was typed (lib/static-sign-in.ts); while a
// sign-in is under way here the app waits for it (data-busy, then the 'enlace:idle' event).
(() => {
  const form = document.getElementById('enlace-signin');
  const source = document.getElementById('enlace-signin-texts');
  if (!(form instanceof HTMLFormElement) || !source) return;
  const texts = JSON.parse(source.textContent || '{}');
  let lang = 'es';
  try {
    if (window.localStorage.getItem('enlace.lang') === 'en') lang = 'en';
  } catch {
    // No storage: Spanish, as the app.
  }
  const t = (key) => texts[lang][key] ?? texts.es[key] ?? key;
  const show = () => {
    document.documentElement.lang = lang;
    document.title = `${t('signIn.title')} · Enlace`;
    for (const element of document.querySelectorAll('[data-t]')) element.textContent = t(element.dataset.t);
    for (const element of document.querySelectorAll('[data-t-title]')) element.title = t(element.dataset.tTitle);
    for (const element of document.querySelectorAll('[data-t-label]')) element.setAttribute('aria-label', t(element.dataset.tLabel));
    for (const button of document.querySelectorAll('button[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  };
  if (lang !== 'es') show();

  for (const button of document.querySelectorAll('button[data-lang]')) {
    button.addEventListener('click', () => {
      lang = button.dataset.lang === 'en' ? 'en' : 'es';
      try {
        window.localStorage.setItem('enlace.lang', lang);
        document.cookie = `enlace_lang=${lang}; path=/; max-age=31536000; samesite=strict`;
      } catch {
        // The choice then lasts for this page only.
      }
      show();
    });
  }
  // The quick exit has a script of its own (quick-exit-page.js), shared with the served screens.

  const alert = form.querySelector('[role="alert"]');
  const field = (name) => form.elements.namedItem(name);
  const mark = (name, missing) => {
    const input = field(name);
    const error = document.getElementById(`f-${name}-error`);
    input.closest('.field')?.classList.toggle('has-error', missing);
    if (missing) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', error.id);
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
    error.hidden = !missing;
  };
  const idle = () => {
    delete form.dataset.busy;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = false;
    button.textContent = t('signIn.submit');
    form.dispatchEvent(new Event('enlace:idle'));
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if ('busy' in form.dataset) return;
    const username = field('username').value.trim();
    const password = field('password').value;
    mark('username', username === '');
    mark('password', password === '');
    if (username === '' || password === '') return;
    form.dataset.busy = '';
    alert.hidden = true;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    button.textContent = t('signIn.busy');
    fetch('/api/session', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Accept-Language': lang, 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      body: JSON.stringify({ username, password }),
    }).then(
      async (response) => {
        if (response.ok) {
          // Signed in: the page again, now made for her (second factor, password change or her screen).
          field('password').value = '';
          window.location.reload();
          return;
        }
        const problem = await response.json().catch(() => ({}));
        alert.textContent = typeof problem.title === 'string' ? problem.title : `HTTP ${response.status}`;
        alert.hidden = false;
        idle();
        alert.focus();
      },
      () => {
        alert.textContent = t('error.network');
        alert.hidden = false;
        idle();
        alert.focus();
      },
    );
  });
  form.dataset.ready = '';
})();
