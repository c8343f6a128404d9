// Small conversions between what a form holds (strings) and what the schemas take.

/** Trimmed text, or undefined when nothing was entered. */
export function text(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * A date as Peru writes it (14/03/1999, 03/1999) or as ISO (1999-03-14, 1999-03, 1999), returned
 * as ISO so the shared schema judges it. Anything else passes through for the schema to refuse.
 */
export function partialDate(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const dayMonthYear = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (dayMonthYear) return `${dayMonthYear[3]}-${pad(dayMonthYear[2])}-${pad(dayMonthYear[1])}`;
  const monthYear = /^(\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (monthYear) return `${monthYear[2]}-${pad(monthYear[1])}`;
  return trimmed;
}

function pad(value: string | undefined): string {
  return (value ?? '').padStart(2, '0');
}

/** ISO partial date → how the form shows it (day/month/year). */
export function partialDateForForm(value: string | undefined): string {
  if (!value) return '';
  const [year, month, day] = value.split('-');
  if (day) return `${day}/${month}/${year}`;
  if (month) return `${month}/${year}`;
  return year ?? '';
}

/** Whole number typed into a text box; NaN (refused by the schema) for anything else. */
export function wholeNumber(value: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

/** Structural equality of JSON-like values, for deciding what changed. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  }
  return value === null || value === '' ? undefined : value;
}
