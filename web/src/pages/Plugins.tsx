// Plugins: register one (its secret shown once), regenerate the secret, install it into a base,
// delete it.
import { useState } from 'react';
import { del, get, post } from '../api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ListTable } from '../components/ListTable.js';
import { FormDialog, FormProblem } from '../components/FormDialog.js';
import { ScopePicker } from '../components/ScopePicker.js';
import { SecretDialog } from '../components/SecretDialog.js';
import { day, scopeSummary } from '../format.js';
import { loadCatalogue } from '../catalogue.js';
import { useLoad } from '../useLoad.js';
import type { Base, Plugin, ScopeGroup, Space } from '../types.js';

/** A plugin acts inside the one base it is installed in: no space scopes, nor making or deleting bases. */
const forPlugins = (groups: ScopeGroup[]): ScopeGroup[] =>
  groups
    .filter((g) => g.resource !== 'space')
    .map((g) => ({ ...g, scopes: g.scopes.filter((s) => s !== 'base|create' && s !== 'base|delete') }));

type Open =
  | { kind: 'none' }
  | { kind: 'register' }
  | { kind: 'regenerate'; plugin: Plugin }
  | { kind: 'install'; plugin: Plugin }
  | { kind: 'delete'; plugin: Plugin }
  | { kind: 'secret'; title: string; secret: string; extra?: string };

export function Plugins() {
  const plugins = useLoad(() => get<Plugin[]>('/api/plugin'), []);
  const catalogue = useLoad(loadCatalogue, []);
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setOpen({ kind: 'none' });
  const size = catalogue.data?.groups.flatMap((g) => g.scopes).length ?? 0;

  return (
    <section aria-label="Plugins">
      <ErrorNote error={plugins.error ?? catalogue.error} />
      <p aria-live="polite" className="notice">
        {notice}
      </p>
      <div className="toolbar">
        <button type="button" className="primary" disabled={!catalogue.data} onClick={() => setOpen({ kind: 'register' })}>
          Register a plugin
        </button>
      </div>
      {plugins.data?.length === 0 && <p className="empty">You have registered no plugins.</p>}
      {plugins.data && plugins.data.length > 0 && (
        <ListTable headings={['Name', 'Scopes', 'Status', 'Created']} actions>
          {plugins.data.map((plugin) => (
            <tr key={plugin.id}>
              <td data-label="Name">
                <strong>{plugin.name}</strong>
                <div className="hint">{plugin.id}</div>
              </td>
              <td data-label="Scopes">{scopeSummary(plugin.scopes, size)}</td>
              <td data-label="Status">{plugin.status}</td>
              <td data-label="Created">{day(plugin.createdTime)}</td>
              <td className="row-actions">
                <button type="button" onClick={() => setOpen({ kind: 'install', plugin })} aria-label={`Install ${plugin.name}`}>
                  Install
                </button>
                <button type="button" onClick={() => setOpen({ kind: 'regenerate', plugin })} aria-label={`Regenerate the secret of ${plugin.name}`}>
                  New secret
                </button>
                <button type="button" className="danger" onClick={() => setOpen({ kind: 'delete', plugin })} aria-label={`Delete ${plugin.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {open.kind === 'register' && catalogue.data && (
        <RegisterForm
          groups={forPlugins(catalogue.data.groups)}
          onClose={close}
          onSubmit={async (body) => {
            const made = await post<Plugin>('/api/plugin', body);
            await plugins.reload();
            setOpen({ kind: 'secret', title: `Plugin “${made.name}” registered`, secret: made.secret!, extra: `Its id is ${made.id}.` });
          }}
        />
      )}
      {open.kind === 'regenerate' && (
        <ConfirmDialog
          title={`New secret for “${open.plugin.name}”?`}
          confirm="Make a new secret"
          onClose={close}
          onConfirm={async () => {
            const fresh = await post<{ secret: string }>(`/api/plugin/${open.plugin.id}/regenerate-secret`);
            setOpen({ kind: 'secret', title: `New secret for “${open.plugin.name}”`, secret: fresh.secret });
          }}
        >
          <p>The current secret stops working at once; the plugin will need the new one to get tokens.</p>
        </ConfirmDialog>
      )}
      {open.kind === 'install' && catalogue.data && (
        <InstallForm
          plugin={open.plugin}
          bases={catalogue.data.bases}
          spaces={catalogue.data.spaces}
          onClose={close}
          onSubmit={async (baseId) => {
            await post(`/api/base/${baseId}/plugin`, { pluginId: open.plugin.id });
            setNotice(`“${open.plugin.name}” is installed in ${catalogue.data!.bases.find((b) => b.id === baseId)?.name ?? 'the base'}.`);
            close();
          }}
        />
      )}
      {open.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete “${open.plugin.name}”?`}
          confirm="Delete"
          danger
          onClose={close}
          onConfirm={async () => {
            await del(`/api/plugin/${open.plugin.id}`);
            await plugins.reload();
            close();
          }}
        >
          <p>Every token it was given stops working at once. This cannot be undone.</p>
        </ConfirmDialog>
      )}
      {open.kind === 'secret' && <SecretDialog title={open.title} secret={open.secret} label="Plugin secret" {...(open.extra ? { extra: open.extra } : {})} onClose={close} />}
    </section>
  );
}

function RegisterForm(props: { groups: ScopeGroup[]; onSubmit: (body: { name: string; scopes: string[] }) => Promise<void>; onClose: () => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const submit = async () => {
    if (scopes.length === 0) throw new FormProblem('Choose at least one scope.');
    await props.onSubmit({ name: name.trim(), scopes });
  };
  return (
    <FormDialog title="Register a plugin" submit="Register" onSubmit={submit} onClose={props.onClose}>
      <label>
        Name
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <ScopePicker groups={props.groups} value={scopes} onChange={setScopes} legend="Scopes the plugin may ask for" />
    </FormDialog>
  );
}

function InstallForm(props: { plugin: Plugin; bases: Base[]; spaces: Space[]; onSubmit: (baseId: string) => Promise<void>; onClose: () => void }) {
  const [baseId, setBaseId] = useState(props.bases[0]?.id ?? '');
  const spaceName = (id: string) => props.spaces.find((s) => s.id === id)?.name ?? '';
  const submit = async () => {
    if (!baseId) throw new FormProblem('You have no bases to install it into.');
    await props.onSubmit(baseId);
  };
  return (
    <FormDialog title={`Install “${props.plugin.name}”`} submit="Install" onSubmit={submit} onClose={props.onClose}>
      {props.bases.length === 0 ? (
        <p>You have no bases to install it into.</p>
      ) : (
        <>
          <label htmlFor="install-base">Base</label>
          <select id="install-base" value={baseId} onChange={(e) => setBaseId(e.target.value)}>
            {props.bases.map((b) => (
              <option key={b.id} value={b.id}>
                {spaceName(b.spaceId)} / {b.name}
              </option>
            ))}
          </select>
        </>
      )}
    </FormDialog>
  );
}
