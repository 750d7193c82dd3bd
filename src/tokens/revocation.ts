// Revoking a credential of any kind: mark it dead in the store, drop its cached verdict (here, and
// through NOTIFY in every process on the same PostgreSQL), audit it. Leak reports, the instance
// admin, RFC 7009 revocation, the command line and disabling an account all revoke through here;
// `everythingOf` sweeps every credential one user holds.
import { randomBytes } from 'node:crypto';
import { tokenSubject, type AuditEntry, type AuditLog, type Origin } from '../audit/audit-log.js';
import { forgetting, forgettingFound } from '../auth/cache-invalidation.js';
import { digestSecret } from '../crypto/digest.js';
import type { TokenKind } from '../crypto/token-format.js';
import type { AccessTokenRow, PluginGrantRow, PluginRow, SessionRow, ShareLinkRow } from '../db/schema.js';
import type { PluginGrantRepository } from '../plugins/plugin-grant-repository.js';
import type { PluginRepository } from '../plugins/plugin-repository.js';
import { credentialKindOf, type SessionRepository } from '../sessions/session-repository.js';
import type { ShareLinkRepository } from '../share/share-link-repository.js';
import type { AccessTokenRepository, TokenFilter } from './access-token-repository.js';

/** Who revokes and why, as the audit event says it. */
export interface Why {
  readonly actor?: AuditEntry['actor'];
  readonly detail?: AuditEntry['detail'];
}

/** What a sweep of one user's credentials revoked, by kind. */
export interface SweepCounts {
  sessions: number;
  tokens: number;
  pluginGrants: number;
  pluginAuthCodes: number;
  shareLinks: number;
  pluginSecrets: number;
}

const TABLE_KINDS: readonly TokenKind[] = ['personalAccessToken', 'userPersonalToken', 'pluginAccessToken', 'baseApiToken'];
const BATCH = 1000;
const now = (): string => new Date().toISOString();

export class Revocation {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly sessions: SessionRepository,
    private readonly links: ShareLinkRepository,
    private readonly plugins: PluginRepository,
    private readonly grants: PluginGrantRepository,
    /** Drops a digest's cached verdict in every process, so a revocation takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly audit: AuditLog,
  ) {}

  /** A token of the token table (any kind); false when it was revoked already. */
  async token(row: Pick<AccessTokenRow, 'id' | 'user_id' | 'kind' | 'secret_digest'>, origin: Origin, why: Why): Promise<boolean> {
    const revoked = await forgetting(this.forget, row.secret_digest, () => this.tokens.revoke(row.id, now()));
    if (revoked) await this.audit.record(origin, { action: 'token.revoke', actor: why.actor, ...tokenSubject(row), detail: why.detail });
    return revoked;
  }

  /** A browser session or an account token; false when it was revoked already. */
  async session(row: SessionRow, origin: Origin, why: Why): Promise<boolean> {
    const revoked = await forgetting(this.forget, row.secret_digest, () => this.sessions.revoke(row.id, now()));
    if (revoked) await this.audit.record(origin, { action: 'session.revoke', actor: why.actor, userId: row.user_id, credentialId: row.id, credentialKind: credentialKindOf(row.kind), detail: why.detail });
    return revoked;
  }

  /** A share link (deleted: the base access tokens it gave die at their next use); false when gone already. */
  async shareLink(row: ShareLinkRow, origin: Origin, why: Why): Promise<boolean> {
    if (!(await this.links.delete(row.id))) return false;
    await this.audit.record(origin, { action: 'share_link.delete', actor: why.actor, userId: row.created_by, credentialId: row.id, credentialKind: 'share_link', detail: why.detail });
    return true;
  }

  /** A plugin grant (one refresh-token family) with its access tokens, named by a refresh token of it when known. */
  async grantFamily(grant: PluginGrantRow, refreshId: string | null, origin: Origin, why: Why): Promise<void> {
    await forgettingFound(this.forget, (found) => this.grants.revokeGrants({ grantId: grant.id }, now(), found));
    await this.audit.record(origin, {
      action: 'token.revoke',
      actor: why.actor,
      userId: grant.user_id,
      credentialId: refreshId ?? grant.id,
      credentialKind: refreshId !== null ? 'plugin_refresh_token' : 'plugin_grant',
      detail: { ...why.detail, grantId: grant.id, familyRevoked: true },
    });
  }

  /** A plugin's secret, replaced by one nobody knows; what it minted dies. The owner regenerates it. */
  async pluginSecret(plugin: PluginRow, origin: Origin, why: Why): Promise<void> {
    const at = now();
    await this.plugins.update(plugin.id, { secret_digest: digestSecret(randomBytes(32).toString('hex')), last_modified_time: at });
    await forgettingFound(this.forget, (found) => this.grants.revokeGrants({ pluginId: plugin.id }, at, found));
    await this.audit.record(origin, { action: 'plugin.secret_regenerate', actor: why.actor, userId: plugin.owner_id, credentialId: plugin.id, credentialKind: 'plugin', detail: why.detail });
  }

  /** An unused plugin authorization code, used up; false when it was unknown or used. */
  async authCode(digest: string, origin: Origin, why: Why): Promise<boolean> {
    const code = await this.grants.consumeCode(digest, now());
    if (!code) return false;
    await this.audit.record(origin, { action: 'token.revoke', actor: why.actor, userId: code.user_id, credentialId: null, credentialKind: 'plugin_auth_code', detail: { ...why.detail, pluginId: code.plugin_id } });
    return true;
  }

  /** The live credential whose secret (of this kind) has this digest; false when there is none. */
  async byDigest(kind: TokenKind, digest: string, origin: Origin, why: Why): Promise<boolean> {
    if (TABLE_KINDS.includes(kind)) {
      const row = await this.tokens.findByDigest(digest);
      return row !== undefined && row.revoked_time === null && (await this.token(row, origin, why));
    }
    if (kind === 'session' || kind === 'accountToken') {
      const row = await this.sessions.findByDigest(digest);
      return row !== undefined && row.revoked_time === null && (await this.session(row, origin, why));
    }
    if (kind === 'shareLink') {
      const row = await this.links.findByDigest(digest);
      return row !== undefined && (await this.shareLink(row, origin, why));
    }
    if (kind === 'pluginRefreshToken') {
      const found = await this.grants.findRefresh(digest);
      if (!found || found.grant.revoked_time !== null) return false;
      await this.grantFamily(found.grant, found.refresh.id, origin, why);
      return true;
    }
    if (kind === 'pluginSecret') {
      const plugin = await this.plugins.findBySecretDigest(digest);
      if (!plugin) return false;
      await this.pluginSecret(plugin, origin, why);
      return true;
    }
    if (kind === 'pluginAuthCode') return this.authCode(digest, origin, why);
    return false;
  }

  /**
   * The live tokens of the token table that match, in batches; `onProgress` hears each one revoked
   * (the running count, and how many matched at the start). Returns how many this call revoked.
   */
  async tokensMatching(filter: TokenFilter, origin: Origin, why: Why, onProgress?: (done: number, total: number) => void): Promise<number> {
    const total = await this.tokens.countLive(filter);
    let done = 0;
    let afterNum = 0;
    for (;;) {
      const rows = await this.tokens.listLive(filter, afterNum, BATCH);
      for (const row of rows) {
        if (await this.token(row, origin, why)) onProgress?.(++done, total);
      }
      if (rows.length < BATCH) return done;
      afterNum = rows.at(-1)!.num;
    }
  }

  /**
   * Every credential the user holds: sessions and account tokens first (they could make new
   * ones), then plugin authorization codes and grants, the token table, share links they made, and
   * the secrets of plugins they own (whose grants, anyone's, die with them).
   */
  async everythingOf(userId: string, origin: Origin, why: Why, onProgress?: (done: number) => void): Promise<SweepCounts> {
    const counts: SweepCounts = { sessions: 0, tokens: 0, pluginGrants: 0, pluginAuthCodes: 0, shareLinks: 0, pluginSecrets: 0 };
    let done = 0;
    const count = (kind: keyof SweepCounts, revoked = true): void => {
      if (!revoked) return;
      counts[kind]++;
      onProgress?.(++done);
    };
    for (const row of await this.sessions.listLive(userId, now())) count('sessions', await this.session(row, origin, why));
    for (const code of await this.grants.unusedCodesOf(userId, now())) count('pluginAuthCodes', await this.authCode(code.code_digest, origin, why));
    for (const grant of await this.grants.liveGrantsOf(userId)) {
      await this.grantFamily(grant, null, origin, why);
      count('pluginGrants');
    }
    await this.tokensMatching({ userId }, origin, why, () => count('tokens'));
    for (const link of await this.links.listCreatedBy(userId)) count('shareLinks', await this.shareLink(link, origin, why));
    for (const plugin of await this.plugins.listOwned(userId)) {
      await this.pluginSecret(plugin, origin, why);
      count('pluginSecrets');
    }
    return counts;
  }
}
