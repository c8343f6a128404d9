// API clients for an agency's administrator ('admin.users'): her agency's systems with their roles,
// scopes and last use; a new client for a system, whose secret is shown once; revoking one. Roles
// reserved to people (administering, auditing, breaking the glass, ARCO) are not offered.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/integration.ts';
import { CheckboxGroup, SelectField, TextField } from '../components/fields.tsx';
import { Messages } from '../components/Messages.tsx';
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

export default function ApiClientsScreen() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'es';
  const [clients, setClients] = useState<Client[] | undefined>();
  const [roles, setRoles] = useState<Role[]>([]);
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [name, setName] = useState('');
  const [chosenRoles, setChosenRoles] = useState<string[]>([]);
  const [scopes, setScopes] = useState<string[]>(['records.push']);
  const [profileId, setProfileId] = useState('canonico');
  const [created, setCreated] = useState<{ clientId: string; clientSecret: string } | undefined>();
  const { problem, notice, busy, run, fail, setNotice } = useAction();
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

  const create = () =>
    run(async () => {
      if (chosenRoles.length === 0) throw new Error(t('integration.clients.needsRole'));
      if (scopes.length === 0) throw new Error(t('integration.clients.needsScope'));
      const answer = await api<{ clientId: string; clientSecret: string }>('POST', '/api/api-clients', { body: { name: name.trim(), roles: chosenRoles, scopes, profileId } });
      setCreated({ clientId: answer.clientId, clientSecret: answer.clientSecret });
      setName('');
      setChosenRoles([]);
      load();
    });
  const revoke = (client: Client) =>
    run(async () => {
      if (!window.confirm(t('integration.clients.revokeConfirm', { name: client.name }))) return;
      await api('POST', `/api/api-clients/${client.id}/revoke`);
      setNotice(t('integration.clients.revoked', { name: client.name }));
      load();
    });
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
                        <button type="button" className="secondary" aria-label={`${t('integration.clients.revoke')}: ${c.name}`} disabled={busy} onClick={() => void revoke(c)}>
                          {t('integration.clients.revoke')}
                        </button>
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
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <TextField path="clientName" label={t('integration.clients.name')} hint={t('integration.clients.nameHint')} value={name} onChange={setName} maxLength={100} required />
          <CheckboxGroup path="clientRoles" label={t('integration.clients.roles')} hint={t('integration.clients.rolesHint')} values={chosenRoles} onChange={setChosenRoles} options={roles.map((r) => ({ value: r.code, label: r.label[lang] }))} />
          <CheckboxGroup path="clientScopes" label={t('integration.clients.scopes')} values={scopes} onChange={setScopes} options={SCOPES.map((s) => ({ value: s, label: t(`integration.clients.scopeNames.${s}`) }))} columns={1} />
          {profiles.length > 0 && <SelectField path="clientProfile" label={t('integration.clients.profile')} value={profileId} onChange={setProfileId} options={profiles.map((p) => ({ value: p.id, label: p.name[lang] }))} />}
          <button type="submit" disabled={busy}>
            {t('integration.clients.create')}
          </button>
        </form>
      </section>
    </section>
  );
}
