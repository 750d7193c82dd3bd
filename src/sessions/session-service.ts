// Sign-in sessions: revocable rows whose secret travels in an httpOnly cookie.
import type { AuditLog, Origin } from '../audit/audit-log.js';
import type { CredentialResolver, Resolution } from '../auth/authenticator.js';
import { personPrincipal } from '../auth/principal.js';
import type { Config } from '../config.js';
import { digestSecret } from '../crypto/digest.js';
import { newId } from '../crypto/ids.js';
import { generateToken } from '../crypto/token-format.js';
import type { SessionRow } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { Revocation } from '../tokens/revocation.js';
import { credentialKindOf, type SessionRepository } from './session-repository.js';

/** A sign-in as its owner sees it: never its secret. */
export interface SessionView {
  id: string;
  kind: 'session' | 'account_token';
  createdTime: string;
  expiresTime: string;
  userAgent: string | null;
  address: string | null;
  /** The sign-in this request was made with. */
  current: boolean;
}

export class SessionService implements CredentialResolver {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly config: Pick<Config, 'sessionDays'>,
    /** Drops a digest's cached verdict, so a sign-out takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly audit: AuditLog,
    /** Signing out is revoking: the store, every process's cache, the audit log. */
    private readonly revocation: Pick<Revocation, 'session'>,
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
    await this.audit.record(origin, { action: 'session.create', actor: { userId, credentialId: id }, credentialId: id, credentialKind: credentialKindOf(kind) });
    return { secret, expires };
  }

  /** Ends the session that this secret opened; unknown secrets are ignored. */
  async close(secret: string, origin: Origin): Promise<void> {
    const digest = digestSecret(secret);
    const row = await this.sessions.findByDigest(digest);
    if (!row || row.revoked_time !== null) {
      this.forget(digest);
      return;
    }
    await this.revocation.session(row, origin, { actor: { userId: row.user_id, credentialId: row.id } });
  }

  /** Where the user is signed in: live browser sessions and account tokens. */
  async list(userId: string, currentId: string | null): Promise<SessionView[]> {
    const rows = await this.sessions.listLive(userId, new Date().toISOString());
    return rows.map((row) => ({
      id: row.id,
      kind: credentialKindOf(row.kind),
      createdTime: row.created_time,
      expiresTime: row.expires_time,
      userAgent: row.user_agent,
      address: row.address,
      current: row.id === currentId,
    }));
  }

  /** Signs the user out of one of their sessions (another device, an account token); 404 for anyone else's. */
  async revokeOwn(actor: { userId: string; credentialId: string | null }, id: string, origin: Origin): Promise<void> {
    const row = await this.sessions.findById(id);
    if (!row || row.user_id !== actor.userId || row.revoked_time !== null) throw notFound('session');
    await this.revocation.session(row, origin, { actor });
  }
}
