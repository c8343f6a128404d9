// A one-time message carried to the next screen ("registered as TP-2026-000123").
let message: string | undefined;

export function setFlash(text: string): void {
  message = text;
}

export function takeFlash(): string | undefined {
  const text = message;
  message = undefined;
  return text;
}
