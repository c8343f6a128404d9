// The sign-in form the page brought (src/server/sign-in-page.ts, run by src/web/sign-in-page.js
// until the app's code arrives) taken over by the app: what was typed, which field had the cursor,
// the problem shown and the language chosen go to the app's own form, so the swap loses nothing.
// The fields are read while the app draws its first screen, the moment before it replaces the
// page's form (so no keystroke falls between); a sign-in under way in the page's form is waited
// for first (it loads the page again when it succeeds).
import type { Lang } from '../../domain/code-lists.ts';

export interface AdoptedSignIn {
  username: string;
  password: string;
  focus: 'username' | 'password' | undefined;
  problem: string | undefined;
}

const pageForm = (): HTMLFormElement | undefined => {
  const form = document.getElementById('enlace-signin');
  return form instanceof HTMLFormElement ? form : undefined;
};

/** Waits while the page's form is signing in; the language it shows, if there is one. Call before the app first draws. */
export async function waitForStaticSignIn(): Promise<Lang | undefined> {
  const form = pageForm();
  if (!form) return undefined;
  if ('busy' in form.dataset) await new Promise<void>((resolve) => form.addEventListener('enlace:idle', () => resolve(), { once: true }));
  return document.documentElement.lang === 'en' ? 'en' : 'es';
}

/** What the page's form holds now; nothing once the app has replaced it. */
export function staticSignIn(): AdoptedSignIn | undefined {
  const form = pageForm();
  if (!form) return undefined;
  const value = (name: string) => {
    const input = form.elements.namedItem(name);
    return input instanceof HTMLInputElement ? input.value : '';
  };
  const active = document.activeElement;
  const alert = form.querySelector<HTMLElement>('[role="alert"]');
  return {
    username: value('username'),
    password: value('password'),
    focus: active instanceof HTMLInputElement && form.contains(active) ? (active.name === 'password' ? 'password' : 'username') : undefined,
    problem: alert && !alert.hidden && alert.textContent ? alert.textContent : undefined,
  };
}
