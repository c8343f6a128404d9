// The right-of-access export as a readable, printable document (HTML; the browser prints it or
// saves it as PDF). Every value is escaped; nothing is loaded from elsewhere.
import type { Lang } from '../../domain/code-lists.ts';
import { FOLLOW_UP_SECTIONS, type PersonExport } from '../queries/arco.ts';

const escape = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export const TEXT = {
  es: {
    title: 'Datos personales que guarda',
    generated: 'Generado el',
    identity: 'Identidad',
    erased: 'Los datos de identidad fueron cancelados (clave destruida).',
    caseFile: 'Expediente',
    history: 'Historial de cambios',
    shared: 'Compartido con',
    none: 'Ninguno.',
    accessLog: 'Quién vio o cambió estos datos',
    when: 'Fecha',
    who: 'Usuario',
    agency: 'Institución',
    what: 'Acción',
    why: 'Motivo',
    followUp: {
      services: 'Servicios brindados',
      plans: 'Planes de reintegración',
      shelterStays: 'Alojamientos',
      referrals: 'Derivaciones',
      proceedings: 'Proceso penal',
      followUps: 'Seguimientos',
      riskAssessments: 'Evaluaciones de riesgo',
    },
    note: 'Documento preparado en ejercicio del derecho de acceso (Ley 29733). Contiene datos sensibles: entréguelo solo a la persona titular o a su representante acreditado.',
  },
  en: {
    title: 'Personal data held by',
    generated: 'Generated on',
    identity: 'Identity',
    erased: 'The identity data were cancelled (key destroyed).',
    caseFile: 'Case file',
    history: 'History of changes',
    shared: 'Shared with',
    none: 'None.',
    accessLog: 'Who saw or changed these data',
    when: 'Date',
    who: 'User',
    agency: 'Agency',
    what: 'Action',
    why: 'Reason',
    followUp: {
      services: 'Services delivered',
      plans: 'Reintegration plans',
      shelterStays: 'Shelter stays',
      referrals: 'Referrals',
      proceedings: 'Criminal proceeding',
      followUps: 'Follow-up contacts',
      riskAssessments: 'Risk assessments',
    },
    note: 'Document prepared under the right of access (Peru, Law 29733). It holds sensitive data: hand it only to the data subject or her accredited representative.',
  },
} as const;

/** The non-empty fields of a record as label/value pairs (objects as JSON): shared by the HTML and PDF documents. */
export function fieldRows(record: object): [string, string][] {
  return Object.entries(record)
    .filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
}

function fields(record: object): string {
  const rows = fieldRows(record).map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(v)}</td></tr>`);
  return `<table>${rows.join('')}</table>`;
}

export function exportDocument(data: PersonExport, lang: Lang): string {
  const t = TEXT[lang];
  const person = data.person;
  const parts = [
    `<h1>${escape(t.title)} ${escape(data.agency.name)}</h1>`,
    `<p>${escape(t.generated)} ${escape(data.generatedAt)}</p>`,
    `<p class="note">${escape(t.note)}</p>`,
    `<h2>${escape(t.identity)}</h2>`,
    person.erased ? `<p>${escape(t.erased)}</p>` : '',
    fields(person),
  ];
  for (const { caseFile, history, sharedWith, followUp } of data.caseFiles) {
    parts.push(`<h2>${escape(t.caseFile)} ${escape(caseFile.code)}</h2>`, fields(caseFile));
    for (const [section] of FOLLOW_UP_SECTIONS) {
      if (followUp[section].length > 0) parts.push(`<h3>${escape(t.followUp[section])}</h3>`, ...followUp[section].map((r) => fields(r)));
    }
    parts.push(`<h3>${escape(t.history)}</h3>`, table([t.when, t.who, t.what, t.why], history.map((h) => [h.at, h.actor, h.type, h.reason])));
    parts.push(`<h3>${escape(t.shared)}</h3>`, sharedWith.length === 0 ? `<p>${escape(t.none)}</p>` : table([t.when, t.agency, t.what, t.why], sharedWith.map((s) => [s.grantedAt, s.agency.name, s.basis, s.reason])));
  }
  parts.push(`<h2>${escape(t.accessLog)}</h2>`, table([t.when, t.who, t.agency, t.what, t.why], data.accessLog.map((l) => [l.at, l.user, l.agency, l.action, l.purpose])));
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escape(t.title)}</title><style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}.note{border:2px solid #000;padding:.5rem}
</style></head><body>${parts.join('\n')}</body></html>`;
}

function table(head: readonly string[], rows: unknown[][]): string {
  return `<table><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</table>`;
}
