// Accounts for administrators: the accounts of her scope with their roles, roles given or taken
// away (custom roles too), blocking and unblocking. Her own account offers no change: nobody
// raises her own privileges or blocks herself, and the server would refuse it anyway.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/access.ts';
import { api, ApiError } from '../lib/api.ts';
import { useSession } from '../lib/session.tsx';

interface Account {
  id: string;
  username: string;
  displayName: string;
  unit: { name: string };
  agency: { key: string };
  roles: string[];
  active: boolean;
}
const COLUMNS = ['user', 'unit', 'roles', 'state', 'actions'] as const;

interface Role {
  code: string;
  label: { es: string; en: string };
}

export default function AccountsScreen() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [items, setItems] = useState<Account[] | undefined>();
  const [roles, setRoles] = useState<Role[]>([]);
  const [editing, setEditing] = useState<{ id: string; roles: string[] } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const load = useCallback(async () => {
    const [accounts, known] = await Promise.all([api<{ items: Account[] }>('GET', '/api/users'), api<{ items: Role[] }>('GET', '/api/roles')]);
    setItems(accounts.items);
    setRoles(known.items);
  }, []);
  useEffect(() => {
    document.title = `${t('accounts.title')} · Enlace`;
    load().catch((e: unknown) => setProblem(e instanceof ApiError ? e.title : String(e)));
  }, [load, t]);

  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      setProblem(undefined);
      setEditing(undefined);
      await load();
    } catch (e) {
      setProblem(e instanceof ApiError ? [e.title, ...e.errors.map((x) => x.message)].join(' ') : String(e));
    }
  };
  const label = (code: string) => roles.find((r) => r.code === code)?.label[i18n.language === 'en' ? 'en' : 'es'] ?? code;

  return (
    <section className="page">
      <h1>{t('accounts.title')}</h1>
      <p className="hint">{t('accounts.intro')}</p>
      {problem && <p className="alert" role="alert">{problem}</p>}
      {items && (
        <table>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c} scope="col">{c === 'actions' ? <span className="visually-hidden">{t('accounts.actions')}</span> : t(`accounts.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((u) => {
              const own = u.id === session.user.id;
              return (
                <tr key={u.id}>
                  <th scope="row">
                    {u.displayName} <span className="hint">({u.username})</span>
                  </th>
                  <td>
                    {u.agency.key} · {u.unit.name}
                  </td>
                  <td>
                    {editing?.id === u.id ? (
                      <fieldset>
                        <legend>{t('accounts.rolesOf', { user: u.username })}</legend>
                        {roles.map((r) => (
                          <label key={r.code} style={{ display: 'block' }}>
                            <input
                              type="checkbox"
                              checked={editing.roles.includes(r.code)}
                              onChange={(e) => setEditing({ id: u.id, roles: e.target.checked ? [...editing.roles, r.code] : editing.roles.filter((c) => c !== r.code) })}
                            />{' '}
                            {label(r.code)}
                          </label>
                        ))}
                        <button type="button" onClick={() => void act(() => api('PUT', `/api/users/${u.id}/roles`, { body: { roles: editing.roles } }))}>
                          {t('accounts.saveRoles')}
                        </button>{' '}
                        <button type="button" className="secondary" onClick={() => setEditing(undefined)}>
                          {t('accounts.cancel')}
                        </button>
                      </fieldset>
                    ) : (
                      u.roles.map(label).join(', ')
                    )}
                  </td>
                  <td>{u.active ? t('accounts.active') : t('accounts.blocked')}</td>
                  <td>
                    {own ? (
                      <span className="hint">{t('accounts.own')}</span>
                    ) : (
                      editing?.id !== u.id && (
                        <>
                          <button type="button" className="secondary" aria-label={t('accounts.changeRolesOf', { user: u.username })} onClick={() => setEditing({ id: u.id, roles: u.roles })}>
                            {t('accounts.changeRoles')}
                          </button>{' '}
                          <button
                            type="button"
                            className="secondary"
                            aria-label={t(u.active ? 'accounts.blockOf' : 'accounts.unblockOf', { user: u.username })}
                            onClick={() => void act(() => api('POST', `/api/users/${u.id}/${u.active ? 'block' : 'unblock'}`))}
                          >
                            {t(u.active ? 'accounts.block' : 'accounts.unblock')}
                          </button>
                        </>
                      )
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
