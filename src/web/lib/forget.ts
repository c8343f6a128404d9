// What the app holds in memory about records (search text, list pages), dropped on sign-out and
// on quick exit so nothing personal survives the session in this tab.

/** Why the app forgets: the user left (sign-out, quick exit), or the session ended without her (idle, expiry). */
export type ForgetReason = 'left' | 'ended';

const forgetters = new Set<(reason: ForgetReason) => void>();

export function onForget(forget: (reason: ForgetReason) => void): void {
  forgetters.add(forget);
}

export function forgetEverything(reason: ForgetReason = 'left'): void {
  for (const forget of forgetters) forget(reason);
}
