// API clients for an agency's administrator ('admin.users'): her agency's systems with their roles,
// scopes and last use; a new client for a system, whose secret is shown once; revoking one. Roles
// reserved to people (administering, auditing, breaking the glass, ARCO) are not offered. The new
// client's form and each revocation are kept as drafts and sent with their Idempotency-Key
// (forms/draft.ts, forms/submission.ts): a dropped connection loses nothing and creates nothing
// twice. Sent from elsewhere by the outbox, a new client's answer (its secret) is asked for again,
// with the same key, once this screen is open: the server answers it as the first time.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/integration.ts';
import { SendWithStatus } from '../components/DraftStatus.tsx';
import { RowAction } from '../components/RowAction.tsx';
import { CheckboxGroup, SelectField, TextField } from '../components/fields.tsx';
import { Messages } from '../components/Messages.tsx';
import { useDraft } from '../forms/draft.ts';
import { useFormErrors } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { api } from '../lib/api.ts';
import { useAction } from '../lib/action.ts';
import { formatDateTime } from '../lib/format.ts';
import { onForget } from '../lib/forget.ts';
import { API_SCOPES as SCOPES, PERSON_ONLY_PERMISSIONS as PEOPLE_ONLY } from '../../domain/api-clients.ts';

interface Client {
  id: string;
  name: string;
  roles: string[];
  scopes: string[];
  profileId: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
interface Role {
  code: string;
  label: { es: string; en: string };
  permissions: string[];
}
interface Profile {
  id: string;
  name: { es: string; en: string };
}
interface NewClient {
  name: string;
  roles: string[];
  scopes: string[];
  profileId: string;
}
interface Created {
  clientId: string;
  clientSecret: string;
}
const emptyClient = (): NewClient => ({ name: '', roles: [], scopes: ['records.push'], profileId: 'canonico' });

export default function ApiClientsScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'es';
  const [clients, setClients] = useState<Client[] | undefined>();
  const [roles, setRoles] = useState<Role[]>([]);
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [created, setCreated] = useState<Created | undefined>();
  const { problem, notice, fail, setNotice } = useAction();
  const draft = useDraft<NewClient, NewClient>('api-client', emptyClient);
  const { name, roles: chosenRoles, scopes, profileId } = draft.form;
  const change = (patch: Partial<NewClient>) => draft.setForm((form) => ({ ...form, ...patch }));
  const clientErrors = useMemo(
    () => [...(chosenRoles.length === 0 ? [{ path: 'clientRoles', message: t('integration.clients.needsRole') }] : []), ...(scopes.length === 0 ? [{ path: 'clientScopes', message: t('integration.clients.needsScope') }] : [])],
    [chosenRoles.length, scopes.length, t],
  );
  const errors = useFormErrors(clientErrors);
  const sending = useSubmission(draft, { data: clientErrors.length === 0 ? { name: name.trim(), roles: chosenRoles, scopes, profileId } : undefined, errors }, {
    send: (body, key) => api<Created>('POST', '/api/api-clients', { body, headers: { 'Idempotency-Key': key } }),
    sent: (answer) => {
      setCreated({ clientId: answer.clientId, clientSecret: answer.clientSecret });
      load();
    },
    answerOnScreen: true,
  });
  const secretRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    api<{ items: Client[] }>('GET', '/api/api-clients').then((r) => setClients(r.items), fail);
  }, [fail]);
  useEffect(() => {
    document.title = `${t('integration.clients.title')} · Enlace`;
  }, [t]);
  useEffect(() => {
    load();
    api<{ items: Role[] }>('GET', '/api/roles').then((r) => setRoles(r.items.filter((role) => !role.permissions.some((p) => (PEOPLE_ONLY as readonly string[]).includes(p)) && (role.permissions.includes('import') || role.permissions.includes('case.read')))), fail);
    // The profiles are for those who may read them; without, the default one is used.
    api<{ items: Profile[] }>('GET', '/api/import-profiles').then((r) => setProfiles(r.items), () => undefined);
  }, [load]);
  // The secret must not stay on screen once the session ends on a shared device.
  useEffect(() => onForget(() => setCreated(undefined)), []);
  useEffect(() => {
    if (created) secretRef.current?.focus();
  }, [created]);

  const revoked = (client: Client) => {
    setNotice(t('integration.clients.revoked', { name: client.name }));
    load();
  };
  const roleLabel = (code: string) => roles.find((r) => r.code === code)?.label[lang] ?? code;

  return (
    <section className="page">
      <h1>{t('integration.clients.title')}</h1>
      <p>{t('integration.clients.intro')}</p>
      <Messages notice={notice} problem={problem} />
      {created && (
        <div className="notice" role="status" tabIndex={-1} ref={secretRef} aria-labelledby="client-created">
          <h2 id="client-created">{t('integration.clients.createdTitle')}</h2>
          <p>{t('integration.clients.createdText')}</p>
          <dl>
            <dt>{t('integration.clients.clientId')}</dt>
            <dd>
              <code>{created.clientId}</code>
            </dd>
            <dt>{t('integration.clients.clientSecret')}</dt>
            <dd>
              <code data-testid="client-secret">{created.clientSecret}</code>
            </dd>
          </dl>
          <button type="button" onClick={() => setCreated(undefined)}>
            {t('integration.clients.done')}
          </button>
        </div>
      )}
      <section aria-labelledby="clients-list">
        <h2 id="clients-list">{t('integration.clients.listTitle')}</h2>
        {clients && clients.length === 0 && <p>{t('integration.clients.none')}</p>}
        {clients && clients.length > 0 && (
          <table aria-labelledby="clients-list">
            <thead>
              <tr>
                <th scope="col">{t('integration.clients.name')}</th>
                <th scope="col">{t('integration.clients.roles')}</th>
                <th scope="col">{t('integration.clients.scopes')}</th>
                <th scope="col">{t('integration.clients.created')}</th>
                <th scope="col">{t('integration.clients.lastUsed')}</th>
                <th scope="col">{t('integration.clients.state')}</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.roles.map(roleLabel).join(', ')}</td>
                  <td>{c.scopes.map((s) => (SCOPES as readonly string[]).includes(s) ? t(`integration.clients.scopeNames.${s}`) : s).join(', ')}</td>
                  <td>{formatDateTime(c.createdAt, lang)}</td>
                  <td>{c.lastUsedAt ? formatDateTime(c.lastUsedAt, lang) : t('integration.clients.never')}</td>
                  <td>
                    {c.revokedAt ? (
                      t('integration.clients.revokedAt', { at: formatDateTime(c.revokedAt, lang) })
                    ) : (
                      <>
                        {t('integration.clients.active')}{' '}
                        <RowAction
                          draftName={`api-client-revoke:${c.id}`}
                          data={{}}
                          label={t('integration.clients.revoke')}
                          ariaLabel={`${t('integration.clients.revoke')}: ${c.name}`}
                          confirmText={t('integration.clients.revokeConfirm', { name: c.name })}
                          send={(_, key) => api('POST', `/api/api-clients/${c.id}/revoke`, { headers: { 'Idempotency-Key': key } })}
                          onSent={() => revoked(c)}
                        />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="clients-new">
        <h2 id="clients-new">{t('integration.clients.create')}</h2>
        <form onSubmit={sending.submit} noValidate>
          {sending.problemInFull && (
            <p className="alert" role="alert">
              {sending.problemInFull}
            </p>
          )}
          <TextField path="clientName" label={t('integration.clients.name')} hint={t('integration.clients.nameHint')} value={name} onChange={(value) => change({ name: value })} maxLength={100} required error={errors.kit.error('clientName')} />
          <CheckboxGroup path="clientRoles" label={t('integration.clients.roles')} hint={t('integration.clients.rolesHint')} values={chosenRoles} onChange={(value) => change({ roles: value })} options={roles.map((r) => ({ value: r.code, label: r.label[lang] }))} error={errors.kit.error('clientRoles')} />
          <CheckboxGroup path="clientScopes" label={t('integration.clients.scopes')} values={scopes} onChange={(value) => change({ scopes: value })} options={SCOPES.map((s) => ({ value: s, label: t(`integration.clients.scopeNames.${s}`) }))} columns={1} error={errors.kit.error('clientScopes')} />
          {profiles.length > 0 && <SelectField path="clientProfile" label={t('integration.clients.profile')} value={profileId} onChange={(value) => change({ profileId: value })} options={profiles.map((p) => ({ value: p.id, label: p.name[lang] }))} />}
          <SendWithStatus id="client-draft-status" draft={draft} sending={sending} label={t('integration.clients.create')} />
        </form>
      </section>
    </section>
  );
}
