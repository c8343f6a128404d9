// Code lists' labels in one language, from the server's answer (GET /api/code-lists). No React and
// no browser here: the server labels what it writes into the page with it (src/server/web-screens.ts).
import type { CodeListName, CodeValue, Lang } from '../../domain/code-lists.ts';
import type { CodeListsResponse } from './types.ts';

export interface Labels {
  data: CodeListsResponse;
  lang: Lang;
  /** The values of a list, in its own order. */
  values(list: CodeListName): CodeValue[];
  label(list: CodeListName, code: string | undefined | null): string;
  country(code: string): string;
  /** Department name of a ubigeo of any depth (the first two digits). */
  department(ubigeo: string | undefined | null): string;
  /** Countries sorted by name in the current language. */
  sortedCountries(): { code: string; name: string }[];
}

/** `unknownCountry`: how the country 'DESCONOCIDO' reads in that language. */
export function labelsOf(data: CodeListsResponse, lang: Lang, unknownCountry: string): Labels {
  return {
    data,
    lang,
    values: (list) => data.lists[list] ?? [],
    label: (list, code) => {
      if (!code) return '';
      const value = (data.lists[list] ?? []).find((v) => v.code === code);
      return value ? value[lang] : code;
    },
    country: (code) => {
      if (code === 'DESCONOCIDO') return unknownCountry;
      return data.countries.find((c) => c.code === code)?.[lang] ?? code;
    },
    department: (ubigeo) => (ubigeo ? (data.departments.find((d) => d.code === ubigeo.slice(0, 2))?.name ?? ubigeo) : ''),
    sortedCountries: () =>
      data.countries.map((c) => ({ code: c.code, name: c[lang] })).sort((a, b) => a.name.localeCompare(b.name, lang)),
  };
}

