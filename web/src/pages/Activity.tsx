// My recent events from the audit log: what was done with my account and my credentials.
import { get } from '../api.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ListTable } from '../components/ListTable.js';
import { moment } from '../format.js';
import { useLoad } from '../useLoad.js';
import type { AuditEvent } from '../types.js';

const WORDS: Record<string, string> = {
  'user.create': 'Account created',
  'user.disable': 'Account disabled (every credential revoked)',
  'user.enable': 'Account enabled again',
  'session.create': 'Signed in',
  'session.revoke': 'Signed out',
  'token.create': 'Token created',
  'token.update': 'Token changed',
  'token.refresh': 'Token refreshed',
  'token.delete': 'Token deleted',
  'token.revoke': 'Token revoked',
  'plugin.create': 'Plugin registered',
  'plugin.update': 'Plugin changed',
  'plugin.secret_regenerate': 'Plugin secret replaced',
  'plugin.delete': 'Plugin deleted',
  'plugin.install': 'Plugin installed',
  'plugin.uninstall': 'Plugin uninstalled',
  'plugin.code_issue': 'Plugin authorization code issued',
  'plugin.token_issue': 'Plugin token issued',
  'plugin.token_refresh': 'Plugin token refreshed',
  'plugin.refresh_reuse': 'Plugin refresh token reused (all its tokens revoked)',
  'base_token.issue': 'Base access token issued',
  'share_link.create': 'Share link created',
  'share_link.delete': 'Share link deleted',
  'share_link.use': 'Share link used',
  'keys.rotate': 'Signing keys rotated',
  'policy.update': 'Token policy changed',
  'leak.report': 'Leaked secret reported',
  'auth.failed': 'Refused credential',
};

export function Activity() {
  const events = useLoad(() => get<{ events: AuditEvent[]; total: number }>('/api/audit?take=50'), []);
  return (
    <section aria-label="Activity">
      <ErrorNote error={events.error} />
      {events.data?.events.length === 0 && <p className="empty">Nothing yet.</p>}
      {events.data && events.data.events.length > 0 && (
        <ListTable headings={['When', 'What', 'Credential', 'From']}>
          {events.data.events.map((event) => (
            <tr key={event.id}>
              <td data-label="When">{moment(event.lastTime)}</td>
              <td data-label="What">
                {WORDS[event.action] ?? event.action}
                {event.count > 1 ? ` (${event.count} times)` : ''}
              </td>
              <td data-label="Credential">{event.credentialKind ? `${event.credentialKind.replaceAll('_', ' ')} ${event.credentialId ?? ''}` : '—'}</td>
              <td data-label="From">{event.address ?? '—'}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
