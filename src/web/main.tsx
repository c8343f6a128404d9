import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './App.tsx';
import { changeLanguage, currentLang, setupI18n } from './lib/i18n.ts';
import { waitForStaticSignIn } from './lib/static-sign-in.ts';
import './styles.css';
import './usability.css';

await setupI18n();
// The page's own sign-in form, if it brought one, is taken over (in its language) with what was typed in it.
const shownIn = await waitForStaticSignIn();
if (shownIn && shownIn !== currentLang()) await changeLanguage(shownIn);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
// The app itself kept for starting without a connection (service-worker.js). Only where the
// browser allows it (https or localhost); the development server has no sw.js, so nothing happens there.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
}
