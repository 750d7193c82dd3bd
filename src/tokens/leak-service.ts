// Leak reports (POST /api/token-leaks), as a secret-scanning partner sends them: every live
// Tessera secret in the list is killed at once and the kill is audited with where it was found,
// so that its owner sees it. The reporter learns nothing about which ones were real.
import { randomBytes } from 'node:crypto';
import { tokenSubject, type AuditLog, type Origin } from '../audit/audit-log.js';
import { digestSecret } from '../crypto/digest.js';
import { parseToken, type TokenKind } from '../crypto/token-format.js';
import type { PluginGrantRepository } from '../plugins/plugin-grant-repository.js';
import type { PluginRepository } from '../plugins/plugin-repository.js';
import type { SessionRepository } from '../sessions/session-repository.js';
import type { ShareLinkRepository } from '../share/share-link-repository.js';
import type { AccessTokenRepository } from './access-token-repository.js';

export interface LeakReport {
  readonly tokens: readonly string[];
  /** Where the tokens were found (a URL), and by what (a scanner's name); both optional. */
  readonly url?: string | undefined;
  readonly source?: string | undefined;
}

const TABLE_KINDS: readonly TokenKind[] = ['personalAccessToken', 'userPersonalToken', 'pluginAccessToken', 'baseApiToken'];

export class LeakService {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly sessions: SessionRepository,
    private readonly links: ShareLinkRepository,
    private readonly plugins: PluginRepository,
    private readonly grants: PluginGrantRepository,
    /** Drops a digest's cached verdict, so a revocation takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly audit: AuditLog,
  ) {}

  /** Kills every live secret in the report; returns nothing that tells real from fake. */
  async report(report: LeakReport, origin: Origin): Promise<void> {
    const where = { by: 'leak_report', url: report.url ?? null, source: report.source ?? null };
    let revoked = 0;
    for (const secret of new Set(report.tokens)) {
      const kind = parseToken(secret);
      if (kind !== null && (await this.kill(kind, digestSecret(secret), where, origin))) revoked++;
    }
    await this.audit.record(origin, { action: 'leak.report', detail: { ...where, reported: report.tokens.length, revoked } });
  }

  private async kill(kind: TokenKind, digest: string, where: Record<string, string | null>, origin: Origin): Promise<boolean> {
    const at = new Date().toISOString();
    if (TABLE_KINDS.includes(kind)) {
      const row = await this.tokens.findByDigest(digest);
      if (!row || row.revoked_time !== null) return false;
      await this.tokens.revoke(row.id, at);
      this.forget(digest);
      await this.audit.record(origin, { action: 'token.revoke', ...tokenSubject(row), detail: where });
      return true;
    }
    if (kind === 'session' || kind === 'accountToken') {
      const row = await this.sessions.findByDigest(digest);
      if (!row || row.revoked_time !== null) return false;
      await this.sessions.revoke(row.id, at);
      this.forget(digest);
      await this.audit.record(origin, { action: 'session.revoke', userId: row.user_id, credentialId: row.id, credentialKind: row.kind === 'cookie' ? 'session' : 'account_token', detail: where });
      return true;
    }
    if (kind === 'shareLink') {
      const row = await this.links.findByDigest(digest);
      if (!row) return false;
      await this.links.delete(row.id);
      await this.audit.record(origin, { action: 'share_link.delete', userId: row.created_by, credentialId: row.id, credentialKind: 'share_link', detail: where });
      return true;
    }
    if (kind === 'pluginRefreshToken') {
      const found = await this.grants.findRefresh(digest);
      if (!found || found.grant.revoked_time !== null) return false;
      for (const dead of await this.grants.revokeGrants({ grantId: found.grant.id }, at)) this.forget(dead);
      await this.audit.record(origin, { action: 'token.revoke', userId: found.grant.user_id, credentialId: found.refresh.id, credentialKind: 'plugin_refresh_token', detail: { ...where, familyRevoked: true } });
      return true;
    }
    if (kind === 'pluginSecret') {
      // The secret is replaced by one nobody knows, and what it minted dies: the owner regenerates.
      const plugin = await this.plugins.findBySecretDigest(digest);
      if (!plugin) return false;
      await this.plugins.update(plugin.id, { secret_digest: digestSecret(randomBytes(32).toString('hex')), last_modified_time: at });
      for (const dead of await this.grants.revokeGrants({ pluginId: plugin.id }, at)) this.forget(dead);
      await this.audit.record(origin, { action: 'plugin.secret_regenerate', userId: plugin.owner_id, credentialId: plugin.id, credentialKind: 'plugin', detail: where });
      return true;
    }
    if (kind === 'pluginAuthCode') {
      const code = await this.grants.consumeCode(digest, at);
      if (!code) return false;
      await this.audit.record(origin, { action: 'token.revoke', userId: code.user_id, credentialId: null, credentialKind: 'plugin_auth_code', detail: { ...where, pluginId: code.plugin_id } });
      return true;
    }
    return false;
  }
}
