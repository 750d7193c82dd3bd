// An AWX-style personal token: a description and `read` or `write` (all the owner's rights).
import { useState, type FormEvent } from 'react';
import { messageOf } from '../api.js';
import { Dialog } from '../components/Dialog.js';
import { ErrorNote } from '../components/ErrorNote.js';

export function AwxTokenForm(props: { onSubmit: (body: { description: string; scope: 'read' | 'write' }) => Promise<void>; onClose: () => void }) {
  const [description, setDescription] = useState('');
  const [scope, setScope] = useState<'read' | 'write'>('read');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await props.onSubmit({ description: description.trim(), scope });
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title="New AWX token" onClose={props.onClose}>
      <form onSubmit={(e) => void submit(e)}>
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
        <ErrorNote error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Create token
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
