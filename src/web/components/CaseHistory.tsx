// The history of actions on the case file and its person, newest first: who, from which unit,
// when, why, and what changed.
import { useTranslation } from 'react-i18next';
import type { Labels } from '../lib/code-lists.ts';
import { formatDateTime } from '../lib/format.ts';
import { describeHistory, historyChanges, historyMeta } from '../lib/case-text.ts';
import type { HistoryEntry } from '../lib/types.ts';
import '../locales/care-forms.ts';
import { Loading } from './Loading.tsx';

export function CaseHistory({ items, labels }: { items: HistoryEntry[] | undefined; labels: Labels }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="history-title" style={{ marginTop: '1rem' }}>
      <h2 id="history-title">{t('history.title')}</h2>
      {items === undefined ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{t('history.empty')}</p>
      ) : (
        <ol className="history">
          {items.map((item) => (
            <li key={`${item.entityType}-${item.version}`}>
              <p className="history-what" style={{ margin: 0 }}>
                {describeHistory(item, labels, t)}
              </p>
              <p className="history-meta" style={{ margin: 0 }}>
                <time dateTime={item.at}>{formatDateTime(item.at, labels.lang)}</time>
                {historyMeta(item, t)}
              </p>
              {item.reason && (
                <p className="history-reason">
                  {t('history.reason')}: {item.reason}
                </p>
              )}
              <Changes item={item} labels={labels} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Changes({ item, labels }: { item: HistoryEntry; labels: Labels }) {
  const { t } = useTranslation();
  const lines = historyChanges(item, labels, t);
  if (lines.length === 0) return null;
  return (
    <ul className="history-changes">
      {lines.map((line) => (
        <li key={line.key}>{line.text}</li>
      ))}
    </ul>
  );
}
