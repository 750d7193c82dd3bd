// The create and edit form of a personal access token: name, description, scopes, reach and (on
// create) expiry. The API's refusal is shown in the form, in words.
import { useState } from 'react';
import { ExpiryPicker } from '../components/ExpiryPicker.js';
import { ReachPicker, type Reach } from '../components/ReachPicker.js';
import { FormDialog, FormProblem } from '../components/FormDialog.js';
import { ScopePicker } from '../components/ScopePicker.js';
import { dateInDays } from '../format.js';
import type { AccessToken, Base, ScopeGroup, Space } from '../types.js';

export interface TokenDraft {
  name: string;
  description?: string;
  scopes: string[];
  hasFullAccess: boolean;
  spaceIds?: string[] | null;
  baseIds?: string[] | null;
  expiredTime: string;
}

/** The chosen spaces and the bases outside them; an empty list is sent as null (none). */
function narrowReach(reach: Reach, bases: readonly Base[]): { spaceIds: string[] | null; baseIds: string[] | null } {
  const baseIds = reach.baseIds.filter((id) => !reach.spaceIds.includes(bases.find((b) => b.id === id)?.spaceId ?? ''));
  return { spaceIds: reach.spaceIds.length > 0 ? reach.spaceIds : null, baseIds: baseIds.length > 0 ? baseIds : null };
}

export function TokenForm(props: {
  title: string;
  catalogue: { groups: ScopeGroup[]; spaces: Space[]; bases: Base[] };
  maxDays: number | null;
  initial?: AccessToken;
  onSubmit: (draft: TokenDraft) => Promise<void>;
  onClose: () => void;
}) {
  const initial = props.initial;
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [scopes, setScopes] = useState<string[]>(initial?.scopes ?? []);
  const [reach, setReach] = useState<Reach>({ full: initial?.hasFullAccess ?? false, spaceIds: initial?.spaceIds ?? [], baseIds: initial?.baseIds ?? [] });
  const [expires, setExpires] = useState(dateInDays(Math.min(30, props.maxDays ?? 30)));
  const submit = async () => {
    if (scopes.length === 0) throw new FormProblem('Choose at least one scope.');
    if (!reach.full && reach.spaceIds.length + reach.baseIds.length === 0) throw new FormProblem('Choose a space or a base, or give access to all of them.');
    await props.onSubmit({
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      scopes,
      hasFullAccess: reach.full,
      ...(reach.full ? {} : narrowReach(reach, props.catalogue.bases)),
      expiredTime: expires,
    });
  };

  return (
    <FormDialog title={props.title} submit={initial ? 'Save' : 'Create token'} onSubmit={submit} onClose={props.onClose}>
      <label>
        Name
        <input required maxLength={1000} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Description <span className="hint">(optional)</span>
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <ScopePicker groups={props.catalogue.groups} value={scopes} onChange={setScopes} />
      <ReachPicker spaces={props.catalogue.spaces} bases={props.catalogue.bases} value={reach} onChange={setReach} />
      {!initial && <ExpiryPicker value={expires} onChange={setExpires} maxDays={props.maxDays} />}
    </FormDialog>
  );
}
