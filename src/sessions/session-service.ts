// Sign-in sessions: revocable rows whose secret travels in an httpOnly cookie.
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
  ) {}

  async resolve(digest: string): Promise<Resolution> {
    const row = await this.sessions.findByDigest(digest);
    if (!row) return { ok: false, failure: 'token_invalid' };
    if (row.revoked_time !== null) return { ok: false, failure: 'token_revoked' };
    return { ok: true, principal: personPrincipal('session', row.user_id, row.id, row.expires_time) };
  }

  /** Opens a session and returns its secret (shown once, to be set as a cookie). */
  async open(userId: string, client: { userAgent: string | null; address: string | null }, kind: SessionRow['kind'] = 'cookie'): Promise<{ secret: string; expires: Date }> {
    const secret = generateToken(kind === 'cookie' ? 'session' : 'accountToken');
    const now = new Date();
    const expires = new Date(now.getTime() + this.config.sessionDays * 86_400_000);
    await this.sessions.insert({
      id: newId('ses'),
      kind,
      user_id: userId,
      secret_digest: digestSecret(secret),
      created_time: now.toISOString(),
      expires_time: expires.toISOString(),
      revoked_time: null,
      user_agent: client.userAgent?.slice(0, 512) ?? null,
      address: client.address,
    });
    return { secret, expires };
  }

  /** Ends the session that this secret opened; unknown secrets are ignored. */
  async close(secret: string): Promise<void> {
    const digest = digestSecret(secret);
    const row = await this.sessions.findByDigest(digest);
    if (row) await this.sessions.revoke(row.id, new Date().toISOString());
    this.forget(digest);
  }
}
