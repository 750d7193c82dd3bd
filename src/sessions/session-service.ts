// Sign-in sessions: revocable rows whose secret travels in an httpOnly cookie.
import type { AuditLog, Origin } from '../audit/audit-log.js';
import type { CredentialResolver, Resolution } from '../auth/authenticator.js';
import { personPrincipal } from '../auth/principal.js';
import type { Config } from '../config.js';
import { digestSecret } from '../crypto/digest.js';
import { newId } from '../crypto/ids.js';
import { generateToken } from '../crypto/token-format.js';
import type { SessionRow } from '../db/schema.js';
import type { SessionRepository } from './session-repository.js';

export class SessionService implements CredentialResolver {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly config: Pick<Config, 'sessionDays'>,
    /** Drops a digest's cached verdict, so a sign-out takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly audit: AuditLog,
  ) {}

  async resolve(digest: string): Promise<Resolution> {
    const row = await this.sessions.findByDigest(digest);
    if (!row) return { ok: false, failure: 'token_invalid' };
    if (row.revoked_time !== null) return { ok: false, failure: 'token_revoked', credentialId: row.id, userId: row.user_id };
    return { ok: true, principal: personPrincipal('session', row.user_id, row.id, row.expires_time) };
  }

  /** Opens a session and returns its secret (shown once, to be set as a cookie). */
  async open(userId: string, origin: Origin, kind: SessionRow['kind'] = 'cookie'): Promise<{ secret: string; expires: Date }> {
    const secret = generateToken(kind === 'cookie' ? 'session' : 'accountToken');
    const now = new Date();
    const expires = new Date(now.getTime() + this.config.sessionDays * 86_400_000);
    const id = newId('ses');
    await this.sessions.insert({
      id,
      kind,
      user_id: userId,
      secret_digest: digestSecret(secret),
      created_time: now.toISOString(),
      expires_time: expires.toISOString(),
      revoked_time: null,
      user_agent: origin.userAgent?.slice(0, 512) ?? null,
      address: origin.address,
    });
    await this.audit.record(origin, { action: 'session.create', actor: { userId, credentialId: id }, credentialId: id, credentialKind: kind === 'cookie' ? 'session' : 'account_token' });
    return { secret, expires };
  }

  /** Ends the session that this secret opened; unknown secrets are ignored. */
  async close(secret: string, origin: Origin): Promise<void> {
    const digest = digestSecret(secret);
    const row = await this.sessions.findByDigest(digest);
    this.forget(digest);
    if (!row || row.revoked_time !== null) return;
    await this.sessions.revoke(row.id, new Date().toISOString());
    const kind = row.kind === 'cookie' ? 'session' : 'account_token';
    await this.audit.record(origin, { action: 'session.revoke', actor: { userId: row.user_id, credentialId: row.id }, credentialId: row.id, credentialKind: kind });
  }
}
