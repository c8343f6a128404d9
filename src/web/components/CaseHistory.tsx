// The history of actions on the case file and its person, newest first: who, from which unit,
// when, why, and what changed.
import { useTranslation } from 'react-i18next';
import type { Labels } from '../lib/code-lists.ts';
import { formatDateTime } from '../lib/format.ts';
import { formatField } from '../lib/present.ts';
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
                {describe(item, labels, t)}
              </p>
              <p className="history-meta" style={{ margin: 0 }}>
                <time dateTime={item.at}>{formatDateTime(item.at, labels.lang)}</time> · {item.actor ?? t('history.system')}
                {item.unit ? ` · ${item.unit}` : ''} · {t('history.version', { entity: t(item.entityType === 'person' ? 'history.personEntity' : 'history.caseEntity'), version: item.version })}
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

type T = ReturnType<typeof useTranslation>['t'];

function describe(item: HistoryEntry, labels: Labels, t: T): string {
  const d = item.details;
  switch (item.type) {
    case 'case.transitioned':
      return t('history.transitioned', { from: labels.label('estadoExpediente', String(d.from ?? '')), to: labels.label('estadoExpediente', String(d.to ?? '')) });
    case 'case.registered':
      return t('history.caseRegistered', { code: String(d.code ?? '') });
    case 'case.updated':
      return t('history.caseUpdated');
    case 'case.closureProposed':
      return d.to && d.to !== 'CERRADO' ? t('transition.proposedTitle', { state: labels.label('estadoExpediente', String(d.to)) }) : t('careForms.closure.historyProposed');
    case 'case.closureReturned':
      return d.to && d.to !== 'CERRADO' ? t('transition.historyReturned', { state: labels.label('estadoExpediente', String(d.to)) }) : t('careForms.closure.historyReturned');
    case 'person.registered':
      return t('history.personRegistered');
    case 'person.updated':
      return t('history.personUpdated');
    default:
      return item.type;
  }
}

function Changes({ item, labels }: { item: HistoryEntry; labels: Labels }) {
  const { t } = useTranslation();
  let entries: [string, unknown][] = [];
  if (item.type === 'case.updated' || item.type === 'person.updated') entries = Object.entries((item.details.changes ?? {}) as Record<string, unknown>);
  if (item.type === 'case.transitioned' && item.details.reviewDate) entries = [['reviewDate', item.details.reviewDate]];
  // A closure (§6.15): its reason and day, as the file showed them when it was closed.
  const closure = item.type === 'case.transitioned' || item.type === 'case.closureProposed' ? (item.details.closure as { motive?: string; closedOn?: string } | undefined) : undefined;
  if (closure?.motive && closure.closedOn) {
    return (
      <ul className="history-changes">
        <li>{t(item.type === 'case.closureProposed' ? 'careForms.closure.proposedRecord' : 'careForms.closure.summary', { day: closure.closedOn.split('-').reverse().join('/'), motive: labels.label('motivoCierre', closure.motive) })}</li>
      </ul>
    );
  }
  if (entries.length === 0) return null;
  return (
    <ul className="history-changes">
      {entries.map(([field, value]) => (
        <li key={field}>
          {t(`field.${field}`, { n: '' })}: {field === 'confidentialNotes' ? t('history.confidentialChanged') : Array.isArray(value) && value.length === 0 ? t('common.none') : (formatField(labels, t, field, value) ?? t('history.cleared'))}
        </li>
      ))}
    </ul>
  );
}
