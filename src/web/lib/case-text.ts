// What the case file says in words: the rows of its facts and each entry of its history. Shared by
// the app's screen (screens/CaseFile.tsx, components/CaseHistory.tsx) and the server, which writes
// the same words into the page (src/server/web-screens.ts). No React and no browser here.
/** A t function: the app's (i18next's) or the server's (lib/texts/). */
type TFunction = (key: string, options?: Record<string, unknown>) => string;
import { CASE_FILE_FIELDS } from '../forms/case-file.ts';
import { PERSON_FIELDS } from '../forms/person.ts';
import type { Labels } from './labels.ts';
import { formatField } from './present.ts';
import type { HistoryEntry } from './types.ts';

// What the file shows: the fields the edit forms handle, and a suspended file's review date just
// before the notes.
export const PERSON_FACTS = PERSON_FIELDS;
export const CASE_FACTS = [...CASE_FILE_FIELDS.filter((f) => f !== 'confidentialNotes'), 'reviewDate', 'confidentialNotes'] as const;

/** The facts recorded, as [field, label, text]; fields with nothing recorded left out. */
export function factRows(fields: readonly string[], record: object, labels: Labels, t: TFunction): [field: string, label: string, text: string][] {
  const values = record as Record<string, unknown>;
  return fields.flatMap((field) => {
    const text = formatField(labels, t, field, values[field]);
    return text === undefined ? [] : [[field, t(`field.${field}`, { n: '' }), text] as [string, string, string]];
  });
}

/** What an entry of the history did, in a sentence. */
export function describeHistory(item: HistoryEntry, labels: Labels, t: TFunction): string {
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

/** Its line of who, when and which version. */
export function historyMeta(item: HistoryEntry, t: TFunction): string {
  return ` · ${item.actor ?? t('history.system')}${item.unit ? ` · ${item.unit}` : ''} · ${t('history.version', { entity: t(item.entityType === 'person' ? 'history.personEntity' : 'history.caseEntity'), version: item.version })}`;
}

/** What it changed, one line each (keyed), or its closure's reason and day. */
export function historyChanges(item: HistoryEntry, labels: Labels, t: TFunction): { key: string; text: string }[] {
  let entries: [string, unknown][] = [];
  if (item.type === 'case.updated' || item.type === 'person.updated') entries = Object.entries((item.details.changes ?? {}) as Record<string, unknown>);
  if (item.type === 'case.transitioned' && item.details.reviewDate) entries = [['reviewDate', item.details.reviewDate]];
  // A closure (§6.15): its reason and day, as the file showed them when it was closed.
  const closure = item.type === 'case.transitioned' || item.type === 'case.closureProposed' ? (item.details.closure as { motive?: string; closedOn?: string } | undefined) : undefined;
  if (closure?.motive && closure.closedOn) {
    return [{ key: 'closure', text: t(item.type === 'case.closureProposed' ? 'careForms.closure.proposedRecord' : 'careForms.closure.summary', { day: closure.closedOn.split('-').reverse().join('/'), motive: labels.label('motivoCierre', closure.motive) }) }];
  }
  return entries.map(([field, value]) => ({
    key: field,
    text: `${t(`field.${field}`, { n: '' })}: ${field === 'confidentialNotes' ? t('history.confidentialChanged') : Array.isArray(value) && value.length === 0 ? t('common.none') : (formatField(labels, t, field, value) ?? t('history.cleared'))}`,
  }));
}
