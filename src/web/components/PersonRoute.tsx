// The person's route: one timeline of what every agency recorded of her or his care (detection,
// stages, referrals, shelter, services, contacts, the criminal proceeding, the plan, risk), as the
// server filters it for the viewer. Shown on the person page and on a case file.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/followup.ts';
import { api, ApiError } from '../lib/api.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { formatDateTime, formatPartialDate } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';

interface RouteEvent {
  on: string;
  kind: string;
  agency: string;
  unit?: string;
  caseCode?: string;
  caseFileId?: string;
  code?: string;
  detail?: string;
}

interface Route {
  events: RouteEvent[];
  elsewhere: { agency: string; unit: string; state: string; detectionDate: string }[];
}

/** Which code list names an event's code (and its detail). */
const LISTS: Record<string, [string, string?]> = {
  CASE_STATE: ['estadoExpediente'],
  REFERRAL: ['estadoDerivacion'],
  SHELTER_ENTRY: ['tipoAlojamiento'],
  SHELTER_EXIT: ['tipoAlojamiento', 'motivoEgreso'],
  SERVICE: ['tipoServicio'],
  FOLLOWUP: ['modalidadSeguimiento'],
  PROCEEDING_STAGE: ['etapaProcesal'],
  PLAN: ['estadoPlan'],
  RISK: ['nivelRiesgo', 'tipoEvaluacionRiesgo'],
};

export function PersonRoute({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const { labels } = useCodeLists();
  const [route, setRoute] = useState<Route | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    api<Route>('GET', `/api/persons/${personId}/route`).then(setRoute, (e: unknown) => setProblem(e instanceof ApiError ? e.title : String(e)));
  }, [personId]);

  const label = (list: string | undefined, code: string | undefined) =>
    list && code ? (labels?.label(list as Parameters<NonNullable<typeof labels>['label']>[0], code) ?? code) : (code ?? '');
  const when = (on: string) => (on.length > 10 ? formatDateTime(on, i18n.language) : formatPartialDate(on));

  return (
    <section aria-labelledby="route-title">
      <h2 id="route-title">{t('route.title')}</h2>
      <p className="hint">{t('route.intro')}</p>
      {problem && <div role="alert">{problem}</div>}
      {route && route.events.length === 0 && <p>{t('route.empty')}</p>}
      {route && route.events.length > 0 && (
        <ol className="route">
          {route.events.map((e, i) => {
            const [list, detailList] = LISTS[e.kind] ?? [];
            const detail = e.kind === 'REFERRAL' ? e.detail : label(detailList, e.detail);
            return (
              <li key={`${e.kind}-${e.on}-${i}`}>
                <time dateTime={e.on}>{when(e.on)}</time> · <strong>{t(`route.kinds.${e.kind}`)}</strong>
                {e.code && <>: {label(list, e.code)}</>}
                {detail && <> ({detail})</>} · {e.agency}
                {e.unit && <> – {e.unit}</>}
                {e.caseFileId && e.caseCode && (
                  <>
                    {' '}
                    · <Link to={paths.caseFile(e.caseFileId)}>{e.caseCode}</Link>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {route && route.elsewhere.length > 0 && <p>{t('route.elsewhere', { list: [...new Set(route.elsewhere.map((x) => x.agency))].join(', ') })}</p>}
    </section>
  );
}
