// A form in a dialog: its fields, the API's refusal in words, and a submit and a cancel button.
// `onSubmit` throws to refuse (a check of its own, or the API's error); the dialog stays open.
import { useState, type FormEvent, type ReactNode } from 'react';
import { messageOf } from '../api.js';
import { Dialog } from './Dialog.js';
import { ErrorNote } from './ErrorNote.js';

/** A refusal the form itself makes, shown as is. */
export class FormProblem extends Error {}

export function FormDialog(props: { title: string; submit: string; danger?: boolean; onSubmit: () => Promise<void>; onClose: () => void; children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit();
    } catch (e) {
      setError(e instanceof FormProblem ? e.message : messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form onSubmit={(e) => void submit(e)}>
        {props.children}
        <ErrorNote error={error} />
        <div className="actions">
          <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={busy}>
            {props.submit}
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
