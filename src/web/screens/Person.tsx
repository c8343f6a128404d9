// One person across agencies: every agency's record of her, side by side, each with its
// provenance. Another agency's record shows where it is and how far its case has gone, not who.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/linkage.ts';
import { api, ApiError } from '../lib/api.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { formatDateTime, formatPartialDate } from '../lib/format.ts';
import { Link, paths } from '../lib/router.tsx';
import { PersonRoute } from '../components/PersonRoute.tsx';

interface PersonGroup {
  groupId: string;
  records: {
    personId: string;
    agency: { key: string; name: string };
    registeredAt: string;
    own: boolean;
    identity: { name: string; sex: string; birthDate?: string; estimatedAge?: number } | null;
    caseFiles: { id: string | null; code: string | null; state: string; detectionDate: string; unit: string }[];
  }[];
  links: { id: string; status: string; probability: number }[];
}

export default function PersonScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { labels } = useCodeLists();
  const [group, setGroup] = useState<PersonGroup | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    document.title = `${t('linkage.personTitle')} · Enlace`;
  }, [t]);
  useEffect(() => {
    api<PersonGroup>('GET', `/api/persons/${id}/group`).then(setGroup, (e: unknown) => setProblem(e instanceof ApiError ? e.title : String(e)));
  }, [id]);

  return (
    <section className="page">
      <h1>{t('linkage.personTitle')}</h1>
      <p>{t('linkage.personIntro')}</p>
      {problem && (
        <div className="alert" role="alert">
          {problem}
        </div>
      )}
      <div className="side-by-side">
        {group?.records.map((r) => (
          <article key={r.personId} className={`card record ${r.own ? 'own' : 'other'}`}>
            <h2>{r.agency.name}</h2>
            <p className="hint">{r.own ? t('linkage.own') : t('linkage.other')}</p>
            {r.identity && (
              <dl>
                <dt>{t('linkage.name')}</dt>
                <dd>{r.identity.name}</dd>
                <dt>{t('linkage.sex')}</dt>
                <dd>{labels?.label('sexo', r.identity.sex) ?? r.identity.sex}</dd>
                <dt>{t('linkage.birth')}</dt>
                <dd>{r.identity.birthDate ? formatPartialDate(r.identity.birthDate) : (r.identity.estimatedAge ?? '—')}</dd>
              </dl>
            )}
            <p>
              {t('linkage.registered')}: {formatDateTime(r.registeredAt, i18n.language)}
            </p>
            <table>
              <caption>{t('linkage.caseFiles')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('linkage.caseFiles')}</th>
                  <th scope="col">{t('linkage.state')}</th>
                  <th scope="col">{t('linkage.detected')}</th>
                  <th scope="col">{t('linkage.unit')}</th>
                </tr>
              </thead>
              <tbody>
                {r.caseFiles.map((c, i) => (
                  <tr key={c.id ?? `${r.personId}-${i}`}>
                    <td>{c.id && c.code ? <Link to={paths.caseFile(c.id)}>{c.code}</Link> : '—'}</td>
                    <td>{labels?.label('estadoExpediente', c.state) ?? c.state}</td>
                    <td>{formatPartialDate(c.detectionDate)}</td>
                    <td>{c.unit}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
        ))}
      </div>
      <PersonRoute personId={id} />
    </section>
  );
}
