// Dates as agencies write them, to the `YYYY-MM-DD` / `YYYY-MM` / `YYYY` of the domain.
//
// Formats a profile may allow (tried by shape, not by order, since the shapes barely overlap):
//   DMY           D/M/YYYY, DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, D/M/YY, MM/YYYY (a time part is ignored)
//   MDY           the same with month first (files from US-locale spreadsheets)
//   ISO           YYYY-MM-DD, YYYY/MM/DD, YYYY-MM, YYYY (and an ISO time part, ignored)
//   EXCEL_SERIAL  days since 1900 as Excel counts them (or since 1904 when the workbook says so)
//   AGE           a whole number of years, "25", "25 años": an estimated age, not a date
// A bare whole number is read as an AGE when it is at most 3 digits (and AGE is allowed), as a year
// when it has 4 digits from 1800 to 2199 (and ISO is allowed), else as an Excel serial.
//
// Two-digit years: "yy" is 20yy when yy ≤ pivot, else 19yy. The pivot defaults to the last two
// digits of the current year, so a two-digit year never lands in the future: in 2026, "03/04/26"
// is 2026 and "03/04/27" is 1927. Profiles may fix another pivot.
import { daysInMonth } from '../domain/dates.ts';

export const DATE_FORMATS = ['DMY', 'MDY', 'ISO', 'EXCEL_SERIAL', 'AGE'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface DateReadOptions {
  formats: readonly DateFormat[];
  /** `YYYY-MM-DD`: the day that decides the default pivot. */
  today: string;
  twoDigitYearPivot?: number;
  /** The workbook counts serials from 1904-01-01 (serial 0). */
  date1904?: boolean;
}

export type DateReading =
  | { ok: true; kind: 'date'; value: string }
  | { ok: true; kind: 'age'; value: number }
  | { ok: false; key: string; params: Record<string, string> };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function failure(key: string, value: string, formats: readonly DateFormat[]): DateReading {
  return { ok: false, key, params: { value, formats: formats.join(', ') } };
}

function fullYear(text: string, options: DateReadOptions): number {
  const n = Number(text);
  if (text.length !== 2) return n;
  const pivot = options.twoDigitYearPivot ?? Number(options.today.slice(2, 4));
  return n <= pivot ? 2000 + n : 1900 + n;
}

function calendarDay(year: number, month: number, day: number, original: string, formats: readonly DateFormat[]): DateReading {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return failure('import.impossibleDate', original, formats);
  return { ok: true, kind: 'date', value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** Excel's 1900 system treats 1900 as a leap year (serial 60 = 29/02/1900), a Lotus 1-2-3 bug it keeps. */
export function excelSerialToDay(serial: number, date1904 = false): string | undefined {
  const whole = Math.floor(serial);
  if (!Number.isFinite(serial) || whole < (date1904 ? 0 : 1) || whole > 2958465) return undefined;
  let epoch: number;
  if (date1904) epoch = Date.UTC(1904, 0, 1);
  else if (whole < 60) epoch = Date.UTC(1899, 11, 31);
  else if (whole === 60) return undefined;
  else epoch = Date.UTC(1899, 11, 30);
  return new Date(epoch + whole * 86_400_000).toISOString().slice(0, 10);
}

const TIME_SUFFIX = /(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?\s?[Mm]\.?)?(?:Z|[+-]\d{2}:?\d{2})?)$/;
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
const MONTH_YEAR = /^(\d{1,2})[/.-](\d{4})$/;
const ISO = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$/;
const AGE = /^(\d{1,3})(?:[.,]0+)?\s*(?:AÑOS|ANOS|AÑO|ANO|A|YEARS?|Y)?$/i;

export function readDate(raw: string, options: DateReadOptions): DateReading {
  const formats = options.formats;
  const original = raw.trim();
  const text = original.replace(TIME_SUFFIX, '').trim();
  const allows = (f: DateFormat) => formats.includes(f);

  if (/^\d+$/.test(text) || AGE.test(text) || /^\d+\.\d+$/.test(text)) {
    const age = AGE.exec(text);
    if (age && allows('AGE') && (age[1] as string).length <= 3) {
      const years = Number(age[1]);
      return years <= 120 ? { ok: true, kind: 'age', value: years } : failure('import.age', original, formats);
    }
    if (/^\d{4}$/.test(text) && allows('ISO') && Number(text) >= 1800 && Number(text) < 2200) return { ok: true, kind: 'date', value: text };
    if (allows('EXCEL_SERIAL') && /^\d+(?:\.\d+)?$/.test(text)) {
      const serial = Number(text);
      if (!options.date1904 && Math.floor(serial) === 60) return failure('import.excelLeapBug', original, formats);
      const day = excelSerialToDay(serial, options.date1904);
      return day ? { ok: true, kind: 'date', value: day } : failure('import.date', original, formats);
    }
    return failure('import.date', original, formats);
  }
  let m = DAY_MONTH_YEAR.exec(text);
  if (m && (allows('DMY') || allows('MDY'))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = fullYear(m[3] as string, options);
    return allows('DMY') ? calendarDay(year, b, a, original, formats) : calendarDay(year, a, b, original, formats);
  }
  m = MONTH_YEAR.exec(text);
  if (m && (allows('DMY') || allows('MDY'))) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) return failure('import.impossibleDate', original, formats);
    return { ok: true, kind: 'date', value: `${m[2] as string}-${pad(month)}` };
  }
  m = ISO.exec(text);
  if (m && allows('ISO')) {
    const year = Number(m[1]);
    if (m[2] === undefined) return { ok: true, kind: 'date', value: m[1] as string };
    const month = Number(m[2]);
    if (m[3] === undefined) {
      if (month < 1 || month > 12) return failure('import.impossibleDate', original, formats);
      return { ok: true, kind: 'date', value: `${m[1] as string}-${pad(month)}` };
    }
    return calendarDay(year, month, Number(m[3]), original, formats);
  }
  return failure('import.date', original, formats);
}
