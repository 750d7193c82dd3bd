// An AWX-style personal token: a description and `read` or `write` (all the owner's rights).
import { useState } from 'react';
import { FormDialog } from '../components/FormDialog.js';

export function AwxTokenForm(props: { onSubmit: (body: { description: string; scope: 'read' | 'write' }) => Promise<void>; onClose: () => void }) {
  const [description, setDescription] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  return (
    <FormDialog title="New AWX token" submit="Create token" onClose={props.onClose} onSubmit={() => props.onSubmit({ description: description.trim(), scope })}>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <fieldset>
        <legend>Scope</legend>
        <label className="check">
          <input type="radio" name="awx-scope" checked={scope === 'read'} onChange={() => setScope('read')} />
          Read: look, never change
        </label>
        <label className="check">
          <input type="radio" name="awx-scope" checked={scope === 'write'} onChange={() => setScope('write')} />
          Write: everything you can do
        </label>
      </fieldset>
    </FormDialog>
  );
}
