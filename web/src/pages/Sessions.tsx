// Where I am signed in (browser sessions and SeaTable account tokens), and signing out elsewhere.
import { useState } from 'react';
import { del, get } from '../api.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ListTable } from '../components/ListTable.js';
import { moment } from '../format.js';
import { useLoad } from '../useLoad.js';
import type { Session } from '../types.js';

export function Sessions(props: { onSignedOut: () => void }) {
  const sessions = useLoad(() => get<Session[]>('/api/auth/sessions'), []);
  const [ending, setEnding] = useState<Session | null>(null);
  return (
    <section aria-label="Sessions">
      <ErrorNote error={sessions.error} />
      {sessions.data && (
        <ListTable headings={['Kind', 'Device', 'Address', 'Signed in', 'Ends']} actions>
          {sessions.data.map((session) => (
            <tr key={session.id}>
              <td data-label="Kind">
                {session.kind === 'session' ? 'Browser' : 'Account token'} {session.current && <span className="badge">this browser</span>}
              </td>
              <td data-label="Device">{session.userAgent ?? 'unknown'}</td>
              <td data-label="Address">{session.address ?? '—'}</td>
              <td data-label="Signed in">{moment(session.createdTime)}</td>
              <td data-label="Ends">{moment(session.expiresTime)}</td>
              <td className="row-actions">
                <button type="button" className="danger" onClick={() => setEnding(session)}>
                  Sign out
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {ending && (
        <ConfirmDialog
          title={ending.current ? 'Sign out of this browser?' : 'Sign out there?'}
          confirm="Sign out"
          danger
          onClose={() => setEnding(null)}
          onConfirm={async () => {
            await del(`/api/auth/sessions/${ending.id}`);
            setEnding(null);
            if (ending.current) props.onSignedOut();
            else await sessions.reload();
          }}
        >
          <p>{ending.kind === 'session' ? 'That browser will have to sign in again.' : 'Scripts using this account token will be refused.'} Base access tokens obtained with it stop working too.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
