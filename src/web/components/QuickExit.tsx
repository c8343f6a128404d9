// "Salida rápida": blanks the screen at once, ends the session and leaves for an empty page, for
// when someone who must not see the screen comes near.
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { forgetEverything } from '../lib/forget.ts';

export function quickExit(): void {
  // Blank first, synchronously: nothing else may delay hiding the screen.
  document.title = 'about:blank';
  document.body.replaceChildren();
  document.body.style.background = '#fff';
  forgetEverything();
  api('DELETE', '/api/session', { keepalive: true }).catch(() => undefined);
  window.location.replace('about:blank');
}

export function QuickExitButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="quick-exit" onClick={quickExit} title={t('quickExit.hint')}>
      {t('quickExit.label')}
    </button>
  );
}
