// Code lists with their labels, fetched once from the server (which also owns the countries and
// the departments) and kept in memory.
import { useEffect, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../domain/code-lists.ts';
import { labelsOf } from './labels.ts';
import { api } from './api.ts';
import { useOnline } from './online.ts';
import type { CodeListsResponse } from './types.ts';

import type { Labels } from './labels.ts';

export type { Labels };

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
  return { labels: data ? labelsOf(data, lang, i18next.t('common.unknownFeminine', { lng: lang })) : undefined, error };
}
