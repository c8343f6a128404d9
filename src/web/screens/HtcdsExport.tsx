// HTCDS export ('case.read'): choose which case files (ticked ones, or a whole page of the list,
// filtered by state), the receiving agency and the format, and download the file. The rule of what
// leaves is stated on the screen: only what the user may read, identity only with the person's
// consent to share it with the recipient, every exported case file audited.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/integration.ts';
import type { CaseList } from '../../domain/api-types.ts';
import { RadioGroup, SelectField, TextField } from '../components/fields.tsx';
import { Messages } from '../components/Messages.tsx';
import { api, apiDownload } from '../lib/api.ts';
import { useAction } from '../lib/action.ts';
import { useCodeLists } from '../lib/code-lists.ts';
import { formatPartialDate } from '../lib/format.ts';
import { onForget } from '../lib/forget.ts';

const PAGE_SIZE = 50;

export default function HtcdsExportScreen() {
  const { t } = useTranslation();
  const { labels } = useCodeLists();
  const [state, setState] = useState('');
  const [page, setPage] = useState(1);
  const [list, setList] = useState<CaseList | undefined>();
  const [scope, setScope] = useState<'selected' | 'page'>('selected');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [recipient, setRecipient] = useState('');
  const [format, setFormat] = useState<'csv' | 'json'>('csv');
  const { problem, notice, busy, run, fail, setNotice } = useAction();

  useEffect(() => {
    document.title = `${t('integration.htcds.title')} · Enlace`;
  }, [t]);
  useEffect(
    () =>
      onForget(() => {
        setList(undefined);
        setChosen(new Set());
      }),
    [],
  );
  useEffect(() => {
    const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(state ? { state } : {}) });
    api<CaseList>('GET', `/api/case-files?${query.toString()}`).then(setList, fail);
  }, [page, state, fail]);

  const download = () =>
    run(async () => {
      const ids = scope === 'page' ? (list?.items ?? []).map((c) => c.id) : [...chosen];
      if (ids.length === 0) throw new Error(t('integration.htcds.noneChosen'));
      const { blob, fileName } = await apiDownload('/api/exports/htcds', { caseFileIds: ids, format, ...(recipient.trim() ? { recipient: recipient.trim() } : {}) });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNotice(t('integration.htcds.downloaded', { name: fileName, count: ids.length }));
    });
  const toggle = (id: string, on: boolean) =>
    setChosen((before) => {
      const next = new Set(before);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const pages = list ? Math.max(1, Math.ceil(list.total / PAGE_SIZE)) : 1;
  const stateOptions = labels ? labels.values('estadoExpediente').map((v) => ({ value: v.code, label: v[labels.lang] })) : [];

  return (
    <section className="page">
      <h1>{t('integration.htcds.title')}</h1>
      <p>{t('integration.htcds.intro')}</p>
      <section aria-labelledby="htcds-rule" className="card">
        <h2 id="htcds-rule">{t('integration.htcds.ruleTitle')}</h2>
        <ul>
          <li>{t('integration.htcds.rule1')}</li>
          <li>{t('integration.htcds.rule2')}</li>
          <li>{t('integration.htcds.rule3')}</li>
        </ul>
      </section>
      <Messages notice={notice} problem={problem} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void download();
        }}
      >
        <RadioGroup
          path="htcdsScope"
          label={t('integration.htcds.scopeTitle')}
          value={scope}
          onChange={(v) => setScope(v === 'page' ? 'page' : 'selected')}
          options={[
            { value: 'selected', label: t('integration.htcds.scopeSelected') },
            { value: 'page', label: t('integration.htcds.scopePage') },
          ]}
          columns={1}
        />
        <SelectField
          path="htcdsState"
          label={t('integration.htcds.state')}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={[{ value: '', label: t('integration.htcds.anyState') }, ...stateOptions]}
        />
        {list && list.items.length === 0 && <p>{t('integration.htcds.empty')}</p>}
        {list && list.items.length > 0 && (
          <table aria-labelledby="htcds-cases-caption">
            <caption id="htcds-cases-caption">{t(list?.totalAtLeast ? 'integration.htcds.pageAtLeast' : 'integration.htcds.page', { page, pages })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('integration.htcds.select')}</th>
                <th scope="col">{t('integration.htcds.code')}</th>
                <th scope="col">{t('integration.htcds.person')}</th>
                <th scope="col">{t('integration.htcds.state')}</th>
                <th scope="col">{t('integration.htcds.detection')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <input type="checkbox" aria-label={`${t('integration.htcds.select')} ${c.code}`} checked={scope === 'page' || chosen.has(c.id)} disabled={scope === 'page'} onChange={(e) => toggle(c.id, e.target.checked)} />
                  </td>
                  <td>{c.code}</td>
                  <td>{c.personName || '—'}</td>
                  <td>{labels ? labels.label('estadoExpediente', c.state) : c.state}</td>
                  <td>{formatPartialDate(c.detectionDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <div className="import-actions">
            <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('integration.htcds.previous')}
            </button>
            <button type="button" className="secondary" disabled={page >= pages && !list?.totalAtLeast} onClick={() => setPage(page + 1)}>
              {t('integration.htcds.next')}
            </button>
          </div>
        )}
        <TextField path="htcdsRecipient" label={t('integration.htcds.recipient')} hint={t('integration.htcds.recipientHint')} value={recipient} onChange={setRecipient} maxLength={20} placeholder="MIMP" />
        <RadioGroup
          path="htcdsFormat"
          label={t('integration.htcds.format')}
          value={format}
          onChange={(v) => setFormat(v === 'json' ? 'json' : 'csv')}
          options={[
            { value: 'csv', label: 'CSV' },
            { value: 'json', label: 'JSON' },
          ]}
          columns={2}
        />
        <button type="submit" disabled={busy}>
          {t('integration.htcds.download')}
        </button>
      </form>
    </section>
  );
}
