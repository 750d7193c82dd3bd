// "Are you sure?" for what cannot be undone: a FormDialog whose only field is the question, so the
// API's refusal is shown inside the dialog in words.
import type { ReactNode } from 'react';
import { FormDialog } from './FormDialog.js';

export function ConfirmDialog(props: { title: string; confirm: string; danger?: boolean; children: ReactNode; onConfirm: () => Promise<void>; onClose: () => void }) {
  return (
    <FormDialog title={props.title} submit={props.confirm} {...(props.danger ? { danger: true } : {})} onSubmit={props.onConfirm} onClose={props.onClose}>
      {props.children}
    </FormDialog>
  );
}
