// Sign-out on idle, for shared computers: after the server's idle time without a key, click,
// touch or scroll, the session ends and the screen goes back to sign-in. A warning comes first
// and any key or the button keeps the session (WCAG 2.2.1, timing adjustable). While she works
// without sending anything (a long form), a light request now and then keeps the server's
// session from expiring under her.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll', 'mousemove'] as const;

export function IdleSignOut({ minutes, onIdle }: { minutes: number; onIdle(): void }) {
  const { t } = useTranslation();
  const lastActivity = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const [secondsLeft, setSecondsLeft] = useState<number | undefined>();
  const stayButton = useRef<HTMLButtonElement>(null);
  const warned = secondsLeft !== undefined;

  useEffect(() => {
    const limit = minutes * 60_000;
    const warnFor = Math.min(60_000, limit / 2);
    const pingEvery = Math.min(5 * 60_000, limit / 3);
    const touch = () => {
      lastActivity.current = Date.now();
    };
    for (const name of ACTIVITY) window.addEventListener(name, touch, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      const left = limit - (now - lastActivity.current);
      if (left <= 0) {
        window.clearInterval(timer);
        onIdle();
        return;
      }
      setSecondsLeft(left <= warnFor ? Math.ceil(left / 1000) : undefined);
      if (now - lastPing.current >= pingEvery && lastActivity.current > lastPing.current) {
        lastPing.current = now;
        api('GET', '/api/me').catch(() => undefined);
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, touch, { capture: true });
    };
  }, [minutes, onIdle]);

  // Focus goes to the warning while it shows and back where she was once it is dismissed.
  const focusBefore = useRef<Element | null>(null);
  useEffect(() => {
    if (warned) {
      focusBefore.current = document.activeElement;
      stayButton.current?.focus();
    } else if (focusBefore.current instanceof HTMLElement) {
      focusBefore.current.focus();
      focusBefore.current = null;
    }
  }, [warned]);

  if (secondsLeft === undefined) return null;
  return (
    <div className="idle-backdrop">
      <div
        className="idle-warning card"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-text"
        // A modal keeps the keyboard inside: Tab stays on its one button (the key also counts as activity).
        onKeyDown={(event) => {
          if (event.key === 'Tab') {
            event.preventDefault();
            stayButton.current?.focus();
          }
        }}
      >
        <h2 id="idle-title">{t('usability.idleTitle')}</h2>
        <p id="idle-text">{t('usability.idleText', { count: secondsLeft })}</p>
        <button
          type="button"
          className="primary"
          ref={stayButton}
          onClick={() => {
            lastActivity.current = Date.now();
            setSecondsLeft(undefined);
          }}
        >
          {t('usability.idleStay')}
        </button>
      </div>
    </div>
  );
}
