// Personal access tokens and AWX-style tokens: one list, a create form, edit, refresh and delete.
import { useState } from 'react';
import { del, get, post, put } from '../api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ListTable } from '../components/ListTable.js';
import { SecretDialog } from '../components/SecretDialog.js';
import { day, isPast, moment, scopeSummary } from '../format.js';
import { loadCatalogue, type Catalogue } from '../catalogue.js';
import { useLoad } from '../useLoad.js';
import type { AccessToken, AwxToken, Policy } from '../types.js';
import { TokenForm, type TokenDraft } from './TokenForm.js';
import { AwxTokenForm } from './AwxTokenForm.js';

/** The forms' catalogue, the lifetime cap of personal access tokens, and the AWX user id. */
async function loadTokenCatalogue(): Promise<Catalogue & { patMaxDays: number | null; awxUserId: number }> {
  const [catalogue, policies, me] = await Promise.all([loadCatalogue(), get<{ policies: Policy[] }>('/api/token-policies'), get<{ results: { id: number }[] }>('/api/v2/me/')]);
  return {
    ...catalogue,
    patMaxDays: policies.policies.find((p) => p.kind === 'personal_access_token')?.effectiveMaxDays ?? null,
    awxUserId: me.results[0]!.id,
  };
}

type Open =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'create-awx' }
  | { kind: 'edit'; token: AccessToken }
  | { kind: 'refresh'; token: AccessToken }
  | { kind: 'delete'; token: AccessToken }
  | { kind: 'delete-awx'; token: AwxToken }
  | { kind: 'secret'; title: string; secret: string };

export function Tokens() {
  const catalogue = useLoad(loadTokenCatalogue, []);
  const awxUserId = catalogue.data?.awxUserId;
  const tokens = useLoad(
    async () => ({
      pats: await get<AccessToken[]>('/api/access-token'),
      awx: awxUserId === undefined ? [] : (await get<{ results: AwxToken[] }>(`/api/v2/users/${awxUserId}/personal_tokens/?page_size=200`)).results,
    }),
    [awxUserId],
  );
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const close = () => setOpen({ kind: 'none' });
  const cat = catalogue.data;
  const names = new Map<string, string>([...(cat?.spaces ?? []).map((s) => [s.id, `space ${s.name}`] as const), ...(cat?.bases ?? []).map((b) => [b.id, `base ${b.name}`] as const)]);
  const reachOf = (token: AccessToken): string =>
    token.hasFullAccess ? 'full access' : [...(token.spaceIds ?? []), ...(token.baseIds ?? [])].map((id) => names.get(id) ?? id).join(', ') || 'nothing';
  const catalogueSize = cat?.groups.flatMap((g) => g.scopes).length ?? 0;

  const create = async (draft: TokenDraft) => {
    const made = await post<AccessToken>('/api/access-token', draft);
    await tokens.reload();
    setOpen({ kind: 'secret', title: `Token “${made.name}” created`, secret: made.token! });
  };
  const edit = async (id: string, draft: TokenDraft) => {
    const { expiredTime: _ignored, ...changes } = draft;
    await put(`/api/access-token/${id}`, changes);
    await tokens.reload();
    close();
  };

  return (
    <section aria-label="Tokens">
      <ErrorNote error={catalogue.error ?? tokens.error} />
      <div className="toolbar">
        <button type="button" className="primary" disabled={!cat} onClick={() => setOpen({ kind: 'create' })}>
          New personal access token
        </button>
        <button type="button" disabled={!cat} onClick={() => setOpen({ kind: 'create-awx' })}>
          New AWX token
        </button>
      </div>
      {tokens.data && tokens.data.pats.length + tokens.data.awx.length === 0 && <p className="empty">You have no tokens yet.</p>}
      {tokens.data && tokens.data.pats.length + tokens.data.awx.length > 0 && (
        <ListTable headings={['Name', 'Scopes', 'Reaches', 'Created', 'Expires', 'Last used']} actions>
          {tokens.data.pats.map((token) => (
            <tr key={token.id} data-token-id={token.id}>
              <td data-label="Name">
                <strong>{token.name}</strong>
                {token.description ? <div className="hint">{token.description}</div> : null}
              </td>
              <td data-label="Scopes">{scopeSummary(token.scopes, catalogueSize)}</td>
              <td data-label="Reaches">{reachOf(token)}</td>
              <td data-label="Created">{day(token.createdTime)}</td>
              <td data-label="Expires">
                {day(token.expiredTime)} {isPast(token.expiredTime) && <span className="badge expired">expired</span>}
              </td>
              <td data-label="Last used">{token.lastUsedTime ? moment(token.lastUsedTime) : 'never'}</td>
              <td className="row-actions">
                <button type="button" onClick={() => setOpen({ kind: 'edit', token })} aria-label={`Edit ${token.name}`}>
                  Edit
                </button>
                <button type="button" onClick={() => setOpen({ kind: 'refresh', token })} aria-label={`Refresh ${token.name}`}>
                  Refresh
                </button>
                <button type="button" className="danger" onClick={() => setOpen({ kind: 'delete', token })} aria-label={`Delete ${token.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
          {tokens.data.awx.map((token) => (
            <tr key={`awx-${token.id}`} data-awx-token-id={token.id}>
              <td data-label="Name">
                <strong>{token.description || `AWX token ${token.id}`}</strong> <span className="badge">AWX</span>
              </td>
              <td data-label="Scopes">{token.scope === 'write' ? 'read and write (all your rights)' : 'read only'}</td>
              <td data-label="Reaches">everything you can reach</td>
              <td data-label="Created">{day(token.created)}</td>
              <td data-label="Expires">
                {day(token.expires)} {isPast(token.expires) && <span className="badge expired">expired</span>}
              </td>
              <td data-label="Last used">—</td>
              <td className="row-actions">
                <button type="button" className="danger" onClick={() => setOpen({ kind: 'delete-awx', token })} aria-label={`Delete AWX token ${token.description || token.id}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}

      {open.kind === 'create' && cat && <TokenForm title="New personal access token" catalogue={cat} maxDays={cat.patMaxDays} onSubmit={create} onClose={close} />}
      {open.kind === 'edit' && cat && (
        <TokenForm title={`Edit “${open.token.name}”`} catalogue={cat} maxDays={cat.patMaxDays} initial={open.token} onSubmit={(draft) => edit(open.token.id, draft)} onClose={close} />
      )}
      {open.kind === 'create-awx' && awxUserId !== undefined && (
        <AwxTokenForm
          onClose={close}
          onSubmit={async (body) => {
            const made = await post<AwxToken>(`/api/v2/users/${awxUserId}/personal_tokens/`, body);
            await tokens.reload();
            setOpen({ kind: 'secret', title: 'AWX token created', secret: made.token });
          }}
        />
      )}
      {open.kind === 'refresh' && (
        <ConfirmDialog
          title={`Refresh “${open.token.name}”?`}
          confirm="Refresh"
          onClose={close}
          onConfirm={async () => {
            const fresh = await post<AccessToken>(`/api/access-token/${open.token.id}/refresh`);
            await tokens.reload();
            setOpen({ kind: 'secret', title: `New secret for “${open.token.name}”`, secret: fresh.token! });
          }}
        >
          <p>A new secret replaces the current one, which stops working at once. Scripts that use it will need the new one.</p>
        </ConfirmDialog>
      )}
      {open.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete “${open.token.name}”?`}
          confirm="Delete"
          danger
          onClose={close}
          onConfirm={async () => {
            await del(`/api/access-token/${open.token.id}`);
            await tokens.reload();
            close();
          }}
        >
          <p>It stops working at once, everywhere. This cannot be undone.</p>
        </ConfirmDialog>
      )}
      {open.kind === 'delete-awx' && (
        <ConfirmDialog
          title="Delete this AWX token?"
          confirm="Delete"
          danger
          onClose={close}
          onConfirm={async () => {
            await del(`/api/v2/tokens/${open.token.id}/`);
            await tokens.reload();
            close();
          }}
        >
          <p>It stops working at once. This cannot be undone.</p>
        </ConfirmDialog>
      )}
      {open.kind === 'secret' && <SecretDialog title={open.title} secret={open.secret} label="Token" onClose={close} />}
    </section>
  );
}
