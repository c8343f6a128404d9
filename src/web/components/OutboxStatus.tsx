// In the header, on every screen: how many submissions wait to be sent from this computer, which
// the server refused (back in their forms), and when each was sent; announced politely as it
// changes. It also runs the outbox (forms/outbox.ts) while someone is signed in.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { runOutbox, sendWaitingNow, useOutbox, type OutboxEntry } from '../forms/outbox.ts';
import { formatDateTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';

export function OutboxStatus() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { entries, sent } = useOutbox();
  useEffect(runOutbox, []);

  const count = (state: OutboxEntry['state']) => entries.filter((e) => e.state === state).length;
  const waiting = count('waiting');
  const refused = count('refused');
  const answered = count('answered');
  const latest = sent[0];
  const summary = [
    waiting > 0 && t('outbox.waiting', { count: waiting }),
    refused > 0 && t('outbox.refused', { count: refused }),
    answered > 0 && t('outbox.answered', { count: answered }),
  ].filter((part): part is string => typeof part === 'string');
  if (summary.length === 0 && latest) summary.push(t('outbox.lastSent', { time: formatDateTime(latest.at, lang) }));

  const kind = (name: string) => t(`outbox.kinds.${name}`, { defaultValue: t('outbox.kinds.other') });
  const when = (at: string | undefined) => (at ? formatDateTime(at, lang) : '—');
  return (
    <div className="outbox">
      {/* Always present, so that what it says as it changes is announced. */}
      <span className={`outbox-summary${refused > 0 ? ' outbox-refused' : ''}`} role="status" aria-live="polite">
        {summary.join(' · ')}
      </span>
      {(entries.length > 0 || sent.length > 0) && (
        <details className="outbox-details">
          <summary>{t('outbox.details')}</summary>
          <div className="outbox-panel">
            <ul aria-label={t('outbox.label')}>
              {entries.map((e) => (
                <li key={e.name}>
                  {kind(e.kind)}: {t(e.state === 'waiting' ? 'outbox.pressedAt' : e.state === 'refused' ? 'outbox.refusedAt' : 'outbox.answeredAt', { time: when(e.at) })}
                  {e.state !== 'waiting' && e.screen && (
                    <>
                      {' '}
                      <Link to={e.screen}>{t('outbox.open')}</Link>
                    </>
                  )}
                </li>
              ))}
              {sent.map((s) => (
                <li key={`${s.name}@${s.at}`}>
                  {kind(s.kind)}: {t('outbox.sentAt', { time: when(s.at) })}
                </li>
              ))}
            </ul>
            {waiting > 0 && (
              <button type="button" className="secondary small" onClick={sendWaitingNow}>
                {t('usability.sendNow')}
              </button>
            )}
          </div>
        </details>
      )}
    </div>
  );
}
