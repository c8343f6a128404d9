// Dates as the registries hold them: exact, month and year, or year only (DESIGN §5). Pure.

export type DatePrecision = 'EXACTA' | 'MES_ANIO' | 'ANIO';

export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
  precision: DatePrecision;
}

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; undefined for anything else or an impossible date (31/02). */
export function parsePartialDate(text: string): PartialDate | undefined {
  const m = PARTIAL_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { year, precision: 'ANIO' };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month, precision: 'MES_ANIO' };
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day, precision: 'EXACTA' };
}

const PERU_OFFSET_MS = 5 * 3600_000;
const DAY_MS = 86_400_000;
/** The last day asked for and the instants it spans (the validation of an imported row asks twice a row). */
let lastDay = { day: '', from: 0, until: 0 };

/** Today in Peru (UTC−05:00, no daylight saving), as `YYYY-MM-DD`. */
export function todayInPeru(now?: Date): string {
  const ms = now ? now.getTime() : Date.now();
  if (ms >= lastDay.from && ms < lastDay.until) return lastDay.day;
  const day = new Date(ms - PERU_OFFSET_MS).toISOString().slice(0, 10);
  const from = Date.parse(`${day}T00:00:00Z`) + PERU_OFFSET_MS;
  lastDay = { day, from, until: from + DAY_MS };
  return day;
}

/** The earliest day a partial date can stand for, as `YYYY-MM-DD`. */
export function earliestDay(date: PartialDate): string {
  return `${pad(date.year, 4)}-${pad(date.month ?? 1, 2)}-${pad(date.day ?? 1, 2)}`;
}

/** True when even the earliest day the partial date can mean lies after `today`. */
export function isInFuture(date: PartialDate, today: string): boolean {
  return earliestDay(date) > today;
}

/**
 * Age in whole years on `onDay` (`YYYY-MM-DD`). For a partial birth date the age is a range;
 * we return the lower bound, and `ageRange` gives both ends.
 */
export function ageOn(birth: PartialDate, onDay: string): number {
  return ageRange(birth, onDay)[0];
}

export function ageRange(birth: PartialDate, onDay: string): [min: number, max: number] {
  const [y, m, d] = onDay.split('-').map(Number) as [number, number, number];
  const exact = (by: number, bm: number, bd: number) => y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  if (birth.precision === 'EXACTA') {
    const a = exact(birth.year, birth.month ?? 1, birth.day ?? 1);
    return [a, a];
  }
  if (birth.precision === 'MES_ANIO') {
    const month = birth.month ?? 1;
    return [exact(birth.year, month, daysInMonth(birth.year, month)), exact(birth.year, month, 1)];
  }
  return [exact(birth.year, 12, 31), exact(birth.year, 1, 1)];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
