// Who else may open this case file, for the agency that holds it: shares with other agencies
// (referral, consent, mandate; read-only or not) and every broken glass — who, from which agency,
// why, until when, and whether it is still open.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/access.ts';
import { api, ApiError } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';

interface AccessEntry {
  id: string;
  agency: { key: string; name: string };
  user: string | null;
  basis: string;
  groups: string[];
  reason: string;
  grantedBy: string | null;
  grantedAt: string;
  expiresAt: string | null;
  inForce: boolean;
  writable: boolean;
}

export function SharedAccess({ caseFileId }: { caseFileId: string }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<AccessEntry[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    api<{ items: AccessEntry[] }>('GET', `/api/case-files/${caseFileId}/shares`).then(
      (data) => setItems(data.items),
      (e: unknown) => setProblem(e instanceof ApiError ? e.title : String(e)),
    );
  }, [caseFileId]);
  return (
    <section className="card" aria-labelledby="shared-access-title" style={{ marginTop: '1rem' }}>
      <h2 id="shared-access-title">{t('sharing.title')}</h2>
      {problem && (
        <div className="alert" role="alert">
          {problem}
        </div>
      )}
      {items && items.length === 0 && <p>{t('sharing.none')}</p>}
      {items && items.length > 0 && (
        <ul className="shared-access">
          {items.map((s) => (
            <li key={s.id} className={s.basis === 'BREAK_GLASS' ? 'break-glass' : undefined}>
              <strong>{t(`sharing.basis.${s.basis}`, { defaultValue: s.basis })}</strong> — {s.agency.name}
              {s.user ? ` (${s.user})` : ''} · {s.groups.join(', ')} · {s.inForce ? t('sharing.open') : t('sharing.closed')}
              {s.basis !== 'BREAK_GLASS' && ` · ${s.writable ? t('sharing.writable') : t('sharing.readOnly')}`}
              <br />
              <span className="hint">
                {t('sharing.when', { at: formatDateTime(s.grantedAt, i18n.language) })}
                {s.expiresAt ? ` · ${t('sharing.until', { at: formatDateTime(s.expiresAt, i18n.language) })}` : ''}
              </span>
              <p className="history-reason">
                {t('sharing.reason')}: {s.reason}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
