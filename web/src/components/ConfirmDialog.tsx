// "Are you sure?" for what cannot be undone; the API's refusal is shown inside the dialog.
import { useState, type ReactNode } from 'react';
import { messageOf } from '../api.js';
import { Dialog } from './Dialog.js';
import { ErrorNote } from './ErrorNote.js';

export function ConfirmDialog(props: { title: string; confirm: string; danger?: boolean; children: ReactNode; onConfirm: () => Promise<void>; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      {props.children}
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" className={props.danger ? 'danger' : 'primary'} disabled={busy} onClick={() => void go()}>
          {props.confirm}
        </button>
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
