import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './App.tsx';
import { changeLanguage, currentLang, setupI18n } from './lib/i18n.ts';
import { servedScreen, takeOver } from './lib/served-screen.ts';
import { waitForStaticSignIn } from './lib/static-sign-in.ts';
import './styles.css';
import './usability.css';

await setupI18n();
// The page's own sign-in form, if it brought one, is taken over (in its language) with what was typed in it.
const shownIn = await waitForStaticSignIn();
if (shownIn && shownIn !== currentLang()) await changeLanguage(shownIn);
const app = (
  <StrictMode>
    <Root />
  </StrictMode>
);
// A screen the page brought (the worklist, a case file, the public dashboard) stays until the app's own is ready.
const served = servedScreen();
const root = document.getElementById('root');
if (served) {
  // The page's screen painted and answering first: drawing the app's takes the browser a while.
  await new Promise<void>((resolve) => {
    requestAnimationFrame(() => window.setTimeout(resolve, 0));
    window.setTimeout(resolve, 100);
  });
  takeOver(served, (container) => createRoot(container).render(app));
}
else if (root) createRoot(root).render(app);
// The app itself kept for starting without a connection (service-worker.js). Only where the
// browser allows it (https or localhost); the development server has no sw.js, so nothing happens there.
if ('serviceWorker' in navigator) {
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  // The page may have finished loading while the app was starting.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
}
