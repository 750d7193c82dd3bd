// A base's access: its API tokens (app name, r/rw) and its share links (read-only, optional
// expiry and password), made and deleted here; each secret is shown once.
import { useState } from 'react';
import { del, get, post } from '../api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ListTable } from '../components/ListTable.js';
import { FormDialog } from '../components/FormDialog.js';
import { SecretDialog } from '../components/SecretDialog.js';
import { day, moment } from '../format.js';
import { useLoad } from '../useLoad.js';
import type { ApiToken, ShareLink, Workspace } from '../types.js';

interface Chosen {
  workspaceId: number;
  name: string;
}

type Open =
  | { kind: 'none' }
  | { kind: 'new-api-token' }
  | { kind: 'new-share-link' }
  | { kind: 'delete-api-token'; token: ApiToken }
  | { kind: 'delete-share-link'; link: ShareLink }
  | { kind: 'secret'; title: string; secret: string; label: string; extra?: string };

const baseKey = (c: Chosen): string => `${c.workspaceId}/${c.name}`;

export function BaseAccess() {
  const workspaces = useLoad(() => get<{ workspace_list: Workspace[] }>('/api/v2.1/workspaces/'), []);
  const all = (workspaces.data?.workspace_list ?? []).flatMap((w) => w.table_list.map((t) => ({ workspaceId: w.id, name: t.name, space: w.name })));
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const chosen = all.find((b) => baseKey(b) === chosenKey) ?? all[0] ?? null;

  return (
    <section aria-label="Base access">
      <ErrorNote error={workspaces.error} />
      {workspaces.data && all.length === 0 && <p className="empty">You have no bases yet.</p>}
      {chosen && (
        <>
          <div className="inline">
            <label htmlFor="base-choice">Base</label>
            <select id="base-choice" value={baseKey(chosen)} onChange={(e) => setChosenKey(e.target.value)}>
              {all.map((b) => (
                <option key={baseKey(b)} value={baseKey(b)}>
                  {b.space} / {b.name}
                </option>
              ))}
            </select>
          </div>
          <BaseTokens key={baseKey(chosen)} base={chosen} />
        </>
      )}
    </section>
  );
}

function BaseTokens(props: { base: Chosen }) {
  const path = `/api/v2.1/workspace/${props.base.workspaceId}/dtable/${encodeURIComponent(props.base.name)}`;
  const tokens = useLoad(async () => (await get<{ api_tokens: ApiToken[] }>(`${path}/api-tokens/`)).api_tokens, [path]);
  const links = useLoad(
    async () => (await get<{ share_link_list: ShareLink[] }>(`/api/v2.1/dtables/share-links/?workspace_id=${props.base.workspaceId}&table_name=${encodeURIComponent(props.base.name)}`)).share_link_list,
    [props.base.workspaceId, props.base.name],
  );
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const close = () => setOpen({ kind: 'none' });

  return (
    <>
      <h2>API tokens</h2>
      <ErrorNote error={tokens.error} />
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'new-api-token' })}>
          New API token
        </button>
      </div>
      {tokens.data?.length === 0 && <p className="empty">This base has no API tokens.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <ListTable headings={['App', 'Permission', 'Created', 'Last used']} actions>
          {tokens.data.map((token) => (
            <tr key={token.app_name}>
              <td data-label="App">
                <strong>{token.app_name}</strong>
                <div className="hint">by {token.generated_by}</div>
              </td>
              <td data-label="Permission">{token.permission === 'rw' ? 'read and write (rw)' : 'read only (r)'}</td>
              <td data-label="Created">{day(token.generated_at)}</td>
              <td data-label="Last used">{token.last_access && token.last_access !== token.generated_at ? moment(token.last_access) : 'never'}</td>
              <td className="row-actions">
                <button type="button" className="danger" onClick={() => setOpen({ kind: 'delete-api-token', token })} aria-label={`Delete API token ${token.app_name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}

      <h2>Share links</h2>
      <ErrorNote error={links.error} />
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'new-share-link' })}>
          New share link
        </button>
      </div>
      {links.data?.length === 0 && <p className="empty">This base has no share links.</p>}
      {links.data && links.data.length > 0 && (
        <ListTable headings={['Created', 'Permission', 'Expires', 'Password']} actions>
          {links.data.map((link) => (
            <tr key={link.id}>
              <td data-label="Created">{moment(link.ctime)}</td>
              <td data-label="Permission">read only</td>
              <td data-label="Expires">{link.expire_date ? day(link.expire_date) : 'never'}</td>
              <td data-label="Password">{link.password_set ? 'set' : 'none'}</td>
              <td className="row-actions">
                <button type="button" className="danger" onClick={() => setOpen({ kind: 'delete-share-link', link })} aria-label={`Delete share link made ${moment(link.ctime)}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}

      {open.kind === 'new-api-token' && (
        <ApiTokenForm
          onClose={close}
          onSubmit={async (body) => {
            const made = await post<ApiToken>(`${path}/api-tokens/`, body);
            await tokens.reload();
            setOpen({ kind: 'secret', title: `API token for “${made.app_name}”`, secret: made.api_token!, label: 'API token' });
          }}
        />
      )}
      {open.kind === 'new-share-link' && (
        <ShareLinkForm
          onClose={close}
          onSubmit={async (body) => {
            const made = await post<ShareLink>('/api/v2.1/dtables/share-links/', { workspace_id: props.base.workspaceId, table_name: props.base.name, permission: 'r', ...body });
            await links.reload();
            setOpen({ kind: 'secret', title: 'Share link created', secret: made.link!, label: 'Link', extra: 'Anyone with this link can read the base (and the password, if you set one).' });
          }}
        />
      )}
      {open.kind === 'delete-api-token' && (
        <ConfirmDialog
          title={`Delete the API token of “${open.token.app_name}”?`}
          confirm="Delete"
          danger
          onClose={close}
          onConfirm={async () => {
            await del(`${path}/api-tokens/${encodeURIComponent(open.token.app_name)}/`);
            await tokens.reload();
            close();
          }}
        >
          <p>The app loses access at once, and so do the base access tokens it obtained.</p>
        </ConfirmDialog>
      )}
      {open.kind === 'delete-share-link' && (
        <ConfirmDialog
          title="Delete this share link?"
          confirm="Delete"
          danger
          onClose={close}
          onConfirm={async () => {
            await del(`/api/v2.1/dtables/share-links/${open.link.id}/`);
            await links.reload();
            close();
          }}
        >
          <p>Whoever has the link can no longer open the base.</p>
        </ConfirmDialog>
      )}
      {open.kind === 'secret' && <SecretDialog title={open.title} secret={open.secret} label={open.label} {...(open.extra ? { extra: open.extra } : {})} onClose={close} />}
    </>
  );
}

function ApiTokenForm(props: { onSubmit: (body: { app_name: string; permission: 'r' | 'rw' }) => Promise<void>; onClose: () => void }) {
  const [appName, setAppName] = useState('');
  const [permission, setPermission] = useState<'r' | 'rw'>('r');
  return (
    <FormDialog title="New API token" submit="Create API token" onSubmit={() => props.onSubmit({ app_name: appName.trim(), permission })} onClose={props.onClose}>
      <label>
        App name
        <input required value={appName} onChange={(e) => setAppName(e.target.value)} />
      </label>
      <fieldset>
        <legend>Permission</legend>
        <label className="check">
          <input type="radio" name="api-permission" checked={permission === 'r'} onChange={() => setPermission('r')} />
          Read only (r)
        </label>
        <label className="check">
          <input type="radio" name="api-permission" checked={permission === 'rw'} onChange={() => setPermission('rw')} />
          Read and write (rw)
        </label>
      </fieldset>
    </FormDialog>
  );
}

function ShareLinkForm(props: { onSubmit: (body: { expire_days?: number; password?: string }) => Promise<void>; onClose: () => void }) {
  const [days, setDays] = useState('');
  const [password, setPassword] = useState('');
  const submit = () => props.onSubmit({ ...(days ? { expire_days: Number(days) } : {}), ...(password ? { password } : {}) });
  return (
    <FormDialog title="New share link" submit="Create share link" onSubmit={submit} onClose={props.onClose}>
      <p className="hint">A share link lets anyone who has it read the base.</p>
      <label>
        Expires after (days) <span className="hint">(empty: never, unless your administrator caps it)</span>
        <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
      </label>
      <label>
        Password <span className="hint">(optional, at least 8 characters)</span>
        <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
    </FormDialog>
  );
}
