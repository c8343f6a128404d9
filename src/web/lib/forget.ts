// What the app holds in memory about records (search text, list pages), dropped on sign-out and
// on quick exit so nothing personal survives the session in this tab.
const forgetters = new Set<() => void>();

export function onForget(forget: () => void): void {
  forgetters.add(forget);
}

export function forgetEverything(): void {
  for (const forget of forgetters) forget();
}
