// Code lists with their labels, fetched once from the server (which also owns the countries and
// the departments) and kept in memory.
import { useEffect, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CodeListName, CodeValue, Lang } from '../../domain/code-lists.ts';
import { api } from './api.ts';
import { useOnline } from './online.ts';
import type { CodeListsResponse } from './types.ts';

let pending: Promise<CodeListsResponse> | undefined;
let loaded: CodeListsResponse | undefined;

function fetchCodeLists(): Promise<CodeListsResponse> {
  pending ??= api<CodeListsResponse>('GET', '/api/code-lists', { cacheable: true }).then(
    (data) => (loaded = data),
    (error: unknown) => {
      pending = undefined; // a later screen may try again
      throw error;
    },
  );
  return pending;
}

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

function labelsFor(data: CodeListsResponse, lang: Lang): Labels {
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
      if (code === 'DESCONOCIDO') return i18next.t('common.unknownFeminine', { lng: lang });
      return data.countries.find((c) => c.code === code)?.[lang] ?? code;
    },
    department: (ubigeo) => (ubigeo ? (data.departments.find((d) => d.code === ubigeo.slice(0, 2))?.name ?? ubigeo) : ''),
    sortedCountries: () =>
      data.countries.map((c) => ({ code: c.code, name: c[lang] })).sort((a, b) => a.name.localeCompare(b.name, lang)),
  };
}

/** The code lists in the current language; `error` is set when they could not be loaded. */
export function useCodeLists(): { labels: Labels | undefined; error: string | undefined } {
  const { i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'es';
  const [data, setData] = useState<CodeListsResponse | undefined>(loaded);
  const [error, setError] = useState<string | undefined>();
  // Asked again when the connection returns: an app started without one is not left on the error.
  const online = useOnline();
  useEffect(() => {
    if (data) return;
    let alive = true;
    fetchCodeLists().then(
      (d) => {
        if (!alive) return;
        setData(d);
        setError(undefined);
      },
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      alive = false;
    };
  }, [data, online]);
  return { labels: data ? labelsFor(data, lang) : undefined, error };
}
