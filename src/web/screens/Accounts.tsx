// Accounts for administrators: the accounts of her scope with their roles, roles given or taken
// away (custom roles too), blocking and unblocking. Her own account offers no change: nobody
// raises her own privileges or blocks herself, and the server would refuse it anyway. Each change
// is kept as a draft and sent with its Idempotency-Key (forms/draft.ts, forms/submission.ts), so a
// dropped connection loses nothing and changes nothing twice; the outbox sends it from elsewhere.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../locales/access.ts';
import { DraftStatus } from '../components/DraftStatus.tsx';
import { RowAction } from '../components/RowAction.tsx';
import { useDraft } from '../forms/draft.ts';
import { NO_ERRORS, useFormErrors } from '../forms/errors.ts';
import { useSubmission } from '../forms/submission.ts';
import { api, ApiError } from '../lib/api.ts';
import { draftKept } from '../lib/drafts.ts';
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

const rolesDraft = (account: { id: string }) => `account-roles:${account.id}`;
const stateDraft = (account: { id: string }) => `account-state:${account.id}`;

export default function AccountsScreen() {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const [items, setItems] = useState<Account[] | undefined>();
  const [roles, setRoles] = useState<Role[]>([]);
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

  const reload = () => void load().catch((e: unknown) => setProblem(e instanceof ApiError ? e.title : String(e)));
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
            {items.map((u) => (
              <AccountRow key={u.id} account={u} own={u.id === session.user.id} roles={roles} label={label} onChanged={reload} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One account: its roles (edited in place, the editor opening by itself on a kept draft) and its blocking. */
function AccountRow({ account: u, own, roles, label, onChanged }: { account: Account; own: boolean; roles: Role[]; label(code: string): string; onChanged(): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(() => !own && draftKept(rolesDraft(u)));
  return (
    <tr>
      <th scope="row">
        {u.displayName} <span className="hint">({u.username})</span>
      </th>
      <td>
        {u.agency.key} · {u.unit.name}
      </td>
      <td>
        {editing ? (
          <RolesEditor
            account={u}
            roles={roles}
            label={label}
            onDone={() => {
              setEditing(false);
              onChanged();
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          u.roles.map(label).join(', ')
        )}
      </td>
      <td>{u.active ? t('accounts.active') : t('accounts.blocked')}</td>
      <td>
        {own ? (
          <span className="hint">{t('accounts.own')}</span>
        ) : (
          <>
            {!editing && (
              <>
                <button type="button" className="secondary" aria-label={t('accounts.changeRolesOf', { user: u.username })} onClick={() => setEditing(true)}>
                  {t('accounts.changeRoles')}
                </button>{' '}
              </>
            )}
            <RowAction
              draftName={stateDraft(u)}
              data={{ block: u.active }}
              label={t(u.active ? 'accounts.block' : 'accounts.unblock')}
              ariaLabel={t(u.active ? 'accounts.blockOf' : 'accounts.unblockOf', { user: u.username })}
              send={(change, key) => api('POST', `/api/users/${u.id}/${change.block ? 'block' : 'unblock'}`, { headers: { 'Idempotency-Key': key } })}
              onSent={onChanged}
            />
          </>
        )}
      </td>
    </tr>
  );
}

function RolesEditor({ account: u, roles, label, onDone, onCancel }: { account: Account; roles: Role[]; label(code: string): string; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const draft = useDraft<{ roles: string[] }, { roles: string[] }>(rolesDraft(u), () => ({ roles: u.roles }));
  const errors = useFormErrors(NO_ERRORS);
  const sending = useSubmission(draft, { data: draft.form, errors }, {
    send: (body, key) => api('PUT', `/api/users/${u.id}/roles`, { body, headers: { 'Idempotency-Key': key } }),
    sent: onDone,
  });
  const chosen = draft.form.roles;
  const statusId = `roles-status-${u.id}`;
  return (
    <fieldset>
      <legend>{t('accounts.rolesOf', { user: u.username })}</legend>
      {sending.problemInFull && (
        <p className="alert" role="alert">
          {sending.problemInFull}
        </p>
      )}
      {roles.map((r) => (
        <label key={r.code} style={{ display: 'block' }}>
          <input type="checkbox" checked={chosen.includes(r.code)} onChange={(e) => draft.setForm({ roles: e.target.checked ? [...chosen, r.code] : chosen.filter((c) => c !== r.code) })} /> {label(r.code)}
        </label>
      ))}
      <button type="button" disabled={sending.busy} aria-describedby={statusId} onClick={() => sending.submit()}>
        {t('accounts.saveRoles')}
      </button>{' '}
      <button
        type="button"
        className="secondary"
        onClick={() => {
          draft.clear();
          onCancel();
        }}
      >
        {t('accounts.cancel')}
      </button>{' '}
      <DraftStatus id={statusId} draft={draft} sending={sending} />
    </fieldset>
  );
}
