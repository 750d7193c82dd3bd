// A secret, shown once: a copy button and a plain warning that it cannot be shown again.
import { useState } from 'react';
import { Dialog } from './Dialog.js';

export function SecretDialog(props: { title: string; secret: string; label?: string; extra?: string; onClose: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <p className="warning" role="alert">
        Copy it now. Tessera keeps only a fingerprint of it and cannot show it again; if you lose it, refresh or delete it and make a new one.
      </p>
      <label>
        {props.label ?? 'Secret'}
        <input className="secret" readOnly value={props.secret} onFocus={(e) => e.currentTarget.select()} aria-label={props.label ?? 'Secret'} />
      </label>
      {props.extra ? <p className="hint">{props.extra}</p> : null}
      <p aria-live="polite" className="hint">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not copy: select the text and copy it yourself.' : ''}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={props.onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
