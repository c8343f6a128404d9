// Dates as Peru writes them: day/month/year; times in Lima's time zone.

/** "2026-03-14" → "14/03/2026"; "2026-03" → "03/2026"; "2026" → "2026". */
export function formatPartialDate(value: string | undefined | null): string {
  if (!value) return '';
  const [year, month, day] = value.split('-');
  if (day) return `${day}/${month}/${year}`;
  if (month) return `${month}/${year}`;
  return year ?? '';
}

export function formatDateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'es-PE', {
    timeZone: 'America/Lima',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'es-PE').format(value);
}
