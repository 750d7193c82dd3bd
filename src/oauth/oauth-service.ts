// The standard token endpoints: introspection (RFC 7662) and revocation (RFC 7009), over every
// kind of credential Tessera issues. Introspection never says why a token is inactive.
import { decodeJwt } from 'jose';
import type { AuditLog, Origin } from '../audit/audit-log.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { BaseTokenVerifier } from '../base-tokens/base-token-verifier.js';
import type { Config } from '../config.js';
import { digestSecret, secretMatches } from '../crypto/digest.js';
import { parseToken, type TokenKind } from '../crypto/token-format.js';
import type { PluginRow } from '../db/schema.js';
import { authorizerStands, type PluginGrantRepository } from '../plugins/plugin-grant-repository.js';
import type { PluginRepository } from '../plugins/plugin-repository.js';
import type { SessionService } from '../sessions/session-service.js';
import type { AccessTokenRepository } from '../tokens/access-token-repository.js';
import type { Revocation } from '../tokens/revocation.js';
import type { UserRepository } from '../users/user-repository.js';

/** Every opaque kind a bearer may present (not plugin secrets, codes or share links). */
const BEARER_KINDS: readonly TokenKind[] = ['personalAccessToken', 'userPersonalToken', 'pluginAccessToken', 'baseApiToken', 'accountToken', 'session'];
const INACTIVE = { active: false } as const;

export type Introspection = { active: false } | ({ active: true } & Record<string, unknown>);

const seconds = (iso: string | null): number | undefined => (iso === null ? undefined : Math.floor(Date.parse(iso) / 1000));

export class OAuthService {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly verifier: BaseTokenVerifier,
    private readonly tokens: AccessTokenRepository,
    private readonly grants: PluginGrantRepository,
    private readonly plugins: PluginRepository,
    private readonly sessions: SessionService,
    private readonly users: UserRepository,
    private readonly config: Pick<Config, 'publicUrl'>,
    private readonly revocation: Revocation,
    private readonly audit: AuditLog,
  ) {}

  /** The plugin whose id and secret these are (HTTP Basic of a client), or null. */
  async pluginClient(id: string, secret: string, origin: Origin): Promise<PluginRow | null> {
    const plugin = await this.plugins.findById(id);
    if (plugin && parseToken(secret) === 'pluginSecret' && secretMatches(secret, plugin.secret_digest)) return plugin;
    this.audit.failure(origin, { key: `plugin:${plugin?.id ?? 'unknown'}`, credentialId: plugin?.id ?? null, userId: plugin?.owner_id ?? null, kind: 'plugin', reason: 'invalid_client' });
    return null;
  }

  async introspect(token: string): Promise<Introspection> {
    try {
      if (token.split('.').length === 3) return await this.introspectJwt(token);
      const kind = parseToken(token);
      if (kind === 'pluginRefreshToken') return await this.introspectRefresh(token);
      if (kind === null || !BEARER_KINDS.includes(kind)) return INACTIVE;
      return await this.introspectOpaque(await this.authenticator.verify(token, BEARER_KINDS, true));
    } catch {
      return INACTIVE;
    }
  }

  private async describe(principal: Principal, extra: Record<string, unknown>): Promise<Introspection> {
    const user = await this.users.findById(principal.userId);
    return {
      active: true,
      token_type: principal.kind,
      username: user?.email,
      sub: principal.userId,
      iss: this.config.publicUrl,
      ...(principal.expiresAt !== null ? { exp: seconds(principal.expiresAt) } : {}),
      ...extra,
    };
  }

  private async introspectOpaque(principal: Principal): Promise<Introspection> {
    const row = principal.kind === 'session' || principal.kind === 'password' ? undefined : await this.tokens.findById(principal.credentialId);
    const grant = row?.grant_id ? await this.grants.findGrant(row.grant_id) : undefined;
    return this.describe(principal, {
      scope: principal.scopes === null ? '' : [...principal.scopes].join(' '),
      client_id: grant?.plugin_id ?? null,
      aud: 'tessera',
      jti: principal.credentialId,
      ...(row ? { iat: seconds(row.created_time) } : {}),
      spaceIds: [...principal.spaceIds],
      baseIds: [...principal.baseIds],
    });
  }

  private async introspectJwt(token: string): Promise<Introspection> {
    const claims = decodeJwt(token);
    const uuid = typeof claims.dtable_uuid === 'string' ? claims.dtable_uuid : '';
    const { principal, base, permission } = await this.verifier.verify(token, uuid);
    return this.describe(principal, {
      token_type: 'base_access_token',
      scope: permission,
      client_id: null,
      aud: claims.aud,
      iat: claims.iat,
      jti: claims.jti,
      exp: claims.exp,
      username: typeof claims.username === 'string' ? claims.username : undefined,
      spaceIds: [],
      baseIds: [base.id],
    });
  }

  private async introspectRefresh(token: string): Promise<Introspection> {
    const found = await this.grants.findRefresh(digestSecret(token));
    const now = Date.now();
    if (!found || found.refresh.used_time !== null || found.grant.revoked_time !== null || !authorizerStands(found.authorizer, now) || Date.parse(found.refresh.expires_time) <= now) {
      return INACTIVE;
    }
    const user = await this.users.findById(found.grant.user_id);
    return {
      active: true,
      token_type: 'plugin_refresh_token',
      scope: (JSON.parse(found.grant.scopes) as string[]).join(' '),
      client_id: found.grant.plugin_id,
      username: user?.email,
      sub: found.grant.user_id,
      iss: this.config.publicUrl,
      aud: 'tessera',
      jti: found.refresh.id,
      iat: seconds(found.refresh.created_time),
      exp: seconds(found.refresh.expires_time),
      spaceIds: [],
      baseIds: [found.grant.base_id],
    };
  }

  /**
   * Revokes the token, whatever it is, if it exists: knowing a secret is authority enough to kill
   * it. A plugin client may only revoke its own tokens. A refresh token takes its family along.
   * `actor` is who asked (a person or the plugin); null when the token revokes itself.
   */
  async revoke(token: string, client: PluginRow | null, actor: { userId: string; credentialId: string | null } | null, origin: Origin): Promise<void> {
    const kind = parseToken(token);
    if (kind === null) return;
    const digest = digestSecret(token);
    if (kind === 'pluginRefreshToken') {
      const found = await this.grants.findRefresh(digest);
      if (!found || (client && found.grant.plugin_id !== client.id)) return;
      const why = { actor: actor ?? { userId: found.grant.user_id, credentialId: found.refresh.id }, detail: { by: 'oauth_revoke' } };
      await this.revocation.grantFamily(found.grant, found.refresh.id, origin, why);
      return;
    }
    if (kind === 'session' || kind === 'accountToken') {
      if (!client) await this.sessions.close(token, origin);
      return;
    }
    if (!BEARER_KINDS.includes(kind)) return;
    const row = await this.tokens.findByDigest(digest);
    if (!row || row.revoked_time !== null) return;
    if (client) {
      const grant = row.grant_id ? await this.grants.findGrant(row.grant_id) : undefined;
      if (grant?.plugin_id !== client.id) return;
    }
    await this.revocation.token(row, origin, { actor: actor ?? { userId: row.user_id, credentialId: row.id }, detail: { by: 'oauth_revoke' } });
  }
}
