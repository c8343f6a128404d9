// A one-time message carried to the next screen ("registered as TP-2026-000123").
let message: string | undefined;

export function setFlash(text: string): void {
  message = text;
}

/**
 * The message, left in place: a screen that suspends while it first renders (a chunk still
 * loading on a slow link) renders again from scratch, and must find it again.
 */
export function peekFlash(): string | undefined {
  return message;
}

/** Called once the screen showing the message is on the page. */
export function clearFlash(): void {
  message = undefined;
}
