// How a code list is built: each value with its Spanish and English label, and the three no-value
// codes of domain-spec §7 appended unless a list opts out. Pure data: no I/O.

export type Lang = 'es' | 'en';

export interface CodeValue {
  readonly code: string;
  readonly es: string;
  readonly en: string;
  readonly htcds?: string;
  /** Peruvian legal purpose (§7.4a) that a descriptive exploitation type falls under. */
  readonly legal?: readonly string[];
  /** True for the three "no value" codes: unknown, declined, not applicable. */
  readonly noValue?: boolean;
}

export interface CodeList {
  readonly name: string;
  readonly values: readonly CodeValue[];
  readonly codes: ReadonlySet<string>;
}

export type Row = readonly [code: string, es: string, en: string, htcds?: string];

export const UNKNOWN = 'DESCONOCIDO';
export const DECLINED = 'NO_RESPONDE';
export const NOT_APPLICABLE = 'NO_APLICA';

export const NO_VALUE: readonly CodeValue[] = [
  { code: UNKNOWN, es: 'Desconocido', en: 'Unknown', htcds: 'NonSpecifiedUnknown', noValue: true },
  { code: DECLINED, es: 'No responde', en: 'Declined to answer', htcds: 'NonSpecifiedUnknown', noValue: true },
  { code: NOT_APPLICABLE, es: 'No aplica', en: 'Not applicable', noValue: true },
];

export function list(name: string, rows: readonly Row[], options: { noValue?: boolean } = {}): CodeList {
  const values: CodeValue[] = rows.map(([code, es, en, htcds]) => (htcds ? { code, es, en, htcds } : { code, es, en }));
  if (options.noValue !== false) values.push(...NO_VALUE);
  return { name, values, codes: new Set(values.map((v) => v.code)) };
}
