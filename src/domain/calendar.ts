// Day arithmetic for schedules and deadlines, on Peru's calendar (UTC−05:00, no daylight saving).
// Days are `YYYY-MM-DD` strings; instants are ISO strings. Pure.
import { todayInPeru } from './dates.ts';

const DAY_MS = 86_400_000;
const PERU_OFFSET_MS = 5 * 3_600_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The day in Peru at an instant. */
export function peruDay(at: Date | string): string {
  return todayInPeru(typeof at === 'string' ? new Date(at) : at);
}

/** The instant a Peruvian day begins (00:00 in Lima). */
export function startOfPeruDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + PERU_OFFSET_MS).toISOString();
}

/** Saturday or Sunday in Peru. (Public holidays are not counted: they vary by decree.) */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The instant `days` working days after `at`, at the same time of day in Lima. */
export function addWorkingDays(at: string, days: number): string {
  const start = Date.parse(at);
  let day = peruDay(new Date(start));
  let left = days;
  while (left > 0) {
    day = addDays(day, 1);
    if (!isWeekend(day)) left -= 1;
  }
  return new Date(start + daysBetween(peruDay(new Date(start)), day) * DAY_MS).toISOString();
}

export function addHours(at: string, hours: number): string {
  return new Date(Date.parse(at) + hours * 3_600_000).toISOString();
}

export function minDay(days: readonly (string | undefined)[]): string | undefined {
  return days.filter((d): d is string => d !== undefined).sort()[0];
}
