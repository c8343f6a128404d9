// What the page brought with it (src/server/web-document.ts): who is signed in, her web settings
// and the first data of the screen at that address, so that the app does not ask for them over a
// slow link before it can show anything. Read once and removed from the page; absent when the app
// started from the service worker's copy, and then the app asks for them itself.
import type { SessionInfo, WebClientSettings } from './types.ts';

export interface WebBoot {
  /** The language the answers were given in; they are used only by an app in the same language. */
  lang: 'es' | 'en';
  /** null: no one is signed in; absent: not known (the app asks). */
  session?: SessionInfo | null;
  web?: WebClientSettings;
  /** GET answers by path. */
  reads: Record<string, unknown>;
}

/** Takes the page's data (once: it is removed, and a later start asks the server). */
export function takeBoot(): WebBoot | undefined {
  const element = document.getElementById('enlace-boot');
  if (!element) return undefined;
  element.remove();
  try {
    return JSON.parse(element.textContent ?? '') as WebBoot;
  } catch {
    return undefined;
  }
}
