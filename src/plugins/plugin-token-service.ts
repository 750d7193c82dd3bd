// The plugin flow (Teable, seed 002), with its known holes closed: a person authorizes an
// installed plugin on a base (a single-use code bound to user, plugin and base, optionally PKCE);
// the plugin exchanges the code and its secret for a short access token and a refresh token; the
// refresh token rotates on every use, and a reused one revokes its whole family (RFC 9700).
import { createHash } from 'node:crypto';
import type { AuditLog, Origin } from '../audit/audit-log.js';
import { isAction, PLUGIN_ACTIONS } from '../auth/actions.js';
import { forgettingFound } from '../auth/cache-invalidation.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { BaseService } from '../bases/base-service.js';
import { digestSecret, secretMatches } from '../crypto/digest.js';
import { newId } from '../crypto/ids.js';
import { generateToken, parseToken } from '../crypto/token-format.js';
import type { PluginAuthCodeRow, PluginGrantRow, PluginRow } from '../db/schema.js';
import { AppError, invalid, notFound } from '../errors.js';
import { authorizerStands, type PluginGrantRepository } from './plugin-grant-repository.js';
import type { PluginRepository } from './plugin-repository.js';
import { ofPlugin } from './plugin-service.js';

export const ACCESS_TOKEN_SECONDS = 600;
export const REFRESH_TOKEN_SECONDS = 2_592_000;
const CODE_SECONDS = 300;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  scopes: string[];
  expiresIn: number;
  refreshExpiresIn: number;
}

const invalidGrant = (message: string): AppError => new AppError('invalid_grant', message);
const later = (from: Date, seconds: number): string => new Date(from.getTime() + seconds * 1000).toISOString();

export class PluginTokenService {
  constructor(
    private readonly plugins: PluginRepository,
    private readonly grants: PluginGrantRepository,
    private readonly bases: BaseService,
    /** Drops a digest's cached verdict, so a revocation takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly audit: AuditLog,
  ) {}

  /** A person (or their token with base|read there) lets an installed plugin act on a base. */
  async authorize(principal: Principal, pluginId: string, input: { baseId: string; codeChallenge?: string | undefined; codeChallengeMethod?: string | undefined }, origin: Origin): Promise<string> {
    if (principal.kind === 'plugin_access_token') throw new AppError('restricted_resource', 'a plugin cannot authorize plugins');
    await this.bases.locate(principal, 'base|read', input.baseId);
    await this.installed(pluginId, input.baseId);
    if (input.codeChallenge !== undefined) {
      if ((input.codeChallengeMethod ?? 'plain') !== 'S256') throw invalid('codeChallengeMethod', 'only S256 is supported');
      if (!PKCE_CHALLENGE.test(input.codeChallenge)) throw invalid('codeChallenge', 'must be the base64url SHA-256 of the verifier (43 characters)');
    } else if (input.codeChallengeMethod !== undefined) {
      throw invalid('codeChallenge', 'is required with codeChallengeMethod');
    }
    const code = generateToken('pluginAuthCode');
    const now = new Date();
    await this.grants.insertCode({
      code_digest: digestSecret(code),
      plugin_id: pluginId,
      base_id: input.baseId,
      user_id: principal.userId,
      code_challenge: input.codeChallenge ?? null,
      max_scopes: principal.scopes === null ? null : JSON.stringify([...principal.scopes]),
      // A token that authorizes a plugin binds the grant to itself: the grant dies with it.
      authorized_by: isPerson(principal) ? null : principal.credentialId,
      expires_time: later(now, CODE_SECONDS),
      used_time: null,
      created_time: now.toISOString(),
    });
    await this.audit.record(origin, { action: 'plugin.code_issue', actor: principal, ...ofPlugin(pluginId), detail: { baseId: input.baseId, pkce: input.codeChallenge !== undefined } });
    return code;
  }

  /** Exchanges a code (used at most once, atomically) for a new grant and its first tokens. */
  async exchange(pluginId: string, input: { baseId: string; secret: string; scopes: string[]; authCode: string; codeVerifier?: string | undefined }, origin: Origin): Promise<TokenPair> {
    const plugin = await this.authenticate(pluginId, input.secret, origin);
    await this.installed(pluginId, input.baseId);
    const scopes = this.checkScopes(plugin, input.scopes);
    if (parseToken(input.authCode) !== 'pluginAuthCode') throw invalidGrant('the authorization code is not valid');
    const now = new Date();
    let made: { grant: PluginGrantRow; pair: ReturnType<PluginTokenService['newPair']> } | undefined;
    // The code is spent and the grant made with its tokens in one transaction; a code refused
    // here stays spent, whatever the reason.
    const redeemed = await this.grants.redeemCode<AppError>(pluginId, input.baseId, digestSecret(input.authCode), now.toISOString(), plugin.secret_digest, (code) => {
      const refusal = this.refusalOf(code, pluginId, input, scopes, now);
      if (refusal) return { refused: refusal };
      const grant: PluginGrantRow = {
        id: newId('pgr'),
        plugin_id: pluginId,
        base_id: input.baseId,
        user_id: code.user_id,
        scopes: JSON.stringify(scopes),
        authorized_by: code.authorized_by,
        created_time: now.toISOString(),
        revoked_time: null,
      };
      made = { grant, pair: this.newPair(grant, now) };
      return { grant, access: made.pair.access, refresh: made.pair.refresh };
    });
    if (redeemed.outcome === 'unknown') throw invalidGrant('the authorization code is not valid or was already used');
    if (redeemed.outcome === 'refused') throw redeemed.refusal;
    if (redeemed.outcome === 'changed' || !made) throw new AppError('invalid_client', 'the plugin changed its secret, was uninstalled or deleted meanwhile');
    const { grant, pair } = made;
    await this.audit.record(origin, {
      action: 'plugin.token_issue',
      actor: { userId: plugin.owner_id, credentialId: pluginId },
      userId: grant.user_id,
      credentialId: pair.access.id,
      credentialKind: 'plugin_access_token',
      detail: { pluginId, baseId: grant.base_id, grantId: grant.id, refreshTokenId: pair.refresh.id, scopes },
    });
    return pair.answer;
  }

  /** A new pair for a refresh token, which is spent; a spent one presented again ends its family. */
  async refresh(pluginId: string, input: { refreshToken: string; secret: string }, origin: Origin): Promise<TokenPair> {
    const plugin = await this.authenticate(pluginId, input.secret, origin);
    if (parseToken(input.refreshToken) !== 'pluginRefreshToken') throw invalidGrant('the refresh token is not valid');
    const found = await this.grants.findRefresh(digestSecret(input.refreshToken));
    if (!found || found.grant.plugin_id !== pluginId) throw invalidGrant('the refresh token is not valid');
    const now = new Date();
    const refusal =
      found.grant.revoked_time !== null
        ? invalidGrant('the grant was revoked')
        : !authorizerStands(found.authorizer, now.getTime())
          ? invalidGrant('the token that authorized the plugin was revoked or has expired')
          : Date.parse(found.refresh.expires_time) <= now.getTime()
          ? invalidGrant('the refresh token has expired')
          : null;
    // Refused, it is only spent; otherwise spent and replaced by the new pair in one transaction.
    const pair = refusal ? null : this.newPair(found.grant, now);
    const spent = pair
      ? await this.grants.rotateRefresh(found.refresh.id, now.toISOString(), pair.access, pair.refresh)
      : await this.grants.consumeRefresh(found.refresh.id, now.toISOString());
    if (!spent) {
      await this.revokeFamily(found.grant.id, now);
      await this.audit.record(origin, {
        action: 'plugin.refresh_reuse',
        actor: { userId: plugin.owner_id, credentialId: pluginId },
        userId: found.grant.user_id,
        credentialId: found.refresh.id,
        credentialKind: 'plugin_refresh_token',
        detail: { pluginId, grantId: found.grant.id, familyRevoked: true },
      });
      throw invalidGrant('the refresh token was already used: its whole family is revoked');
    }
    if (refusal || !pair) throw refusal ?? invalidGrant('the refresh token is not valid');
    await this.audit.record(origin, {
      action: 'plugin.token_refresh',
      actor: { userId: plugin.owner_id, credentialId: pluginId },
      userId: found.grant.user_id,
      credentialId: pair.access.id,
      credentialKind: 'plugin_access_token',
      detail: { pluginId, grantId: found.grant.id, spentRefreshTokenId: found.refresh.id, refreshTokenId: pair.refresh.id },
    });
    return pair.answer;
  }

  /** Why a code (just spent) gives no tokens for this request, or null if it does. */
  private refusalOf(code: PluginAuthCodeRow, pluginId: string, input: { baseId: string; codeVerifier?: string | undefined }, scopes: string[], now: Date): AppError | null {
    if (code.plugin_id !== pluginId || code.base_id !== input.baseId) return invalidGrant('the authorization code was issued for another plugin or base');
    if (Date.parse(code.expires_time) <= now.getTime()) return invalidGrant('the authorization code has expired');
    if (code.max_scopes !== null) {
      const held = JSON.parse(code.max_scopes) as string[];
      const beyond = scopes.find((scope) => !held.includes(scope));
      if (beyond !== undefined) return invalidGrant(`the token that authorized the plugin does not hold ${beyond}`);
    }
    if (code.code_challenge !== null) {
      const verifier = input.codeVerifier ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!PKCE_VERIFIER.test(verifier) || challenge !== code.code_challenge) return invalidGrant('the code verifier does not match the code challenge');
    }
    return null;
  }

  private newPair(grant: PluginGrantRow, now: Date) {
    const accessToken = generateToken('pluginAccessToken');
    const refreshToken = generateToken('pluginRefreshToken');
    const scopes = JSON.parse(grant.scopes) as string[];
    return {
      answer: { accessToken, refreshToken, scopes, expiresIn: ACCESS_TOKEN_SECONDS, refreshExpiresIn: REFRESH_TOKEN_SECONDS },
      access: {
        id: newId('acc'),
        kind: 'plugin_access_token' as const,
        user_id: grant.user_id,
        name: `plugin ${grant.plugin_id}`,
        description: null,
        scopes: grant.scopes,
        space_ids: null,
        base_ids: JSON.stringify([grant.base_id]),
        has_full_access: 0,
        secret_digest: digestSecret(accessToken),
        expired_time: later(now, ACCESS_TOKEN_SECONDS),
        created_time: now.toISOString(),
        modified_time: now.toISOString(),
        last_used_time: null,
        revoked_time: null,
        grant_id: grant.id,
      },
      refresh: {
        id: newId('prt'),
        grant_id: grant.id,
        secret_digest: digestSecret(refreshToken),
        expires_time: later(now, REFRESH_TOKEN_SECONDS),
        used_time: null,
        created_time: now.toISOString(),
      },
    };
  }

  /** The plugin, if the secret is its current one: 404 for no plugin, 400 invalid_client for a wrong secret. */
  private async authenticate(pluginId: string, secret: string, origin: Origin): Promise<PluginRow> {
    const plugin = await this.plugins.findById(pluginId);
    if (!plugin) throw notFound('plugin');
    if (parseToken(secret) !== 'pluginSecret' || !secretMatches(secret, plugin.secret_digest)) {
      this.audit.failure(origin, { key: `plugin:${pluginId}`, credentialId: pluginId, userId: plugin.owner_id, kind: 'plugin', reason: 'invalid_client' });
      throw new AppError('invalid_client', 'the plugin secret is not valid');
    }
    return plugin;
  }

  private async installed(pluginId: string, baseId: string): Promise<void> {
    if (!(await this.plugins.findInstall(baseId, pluginId))) throw notFound('plugin installation in this base');
  }

  private checkScopes(plugin: PluginRow, requested: string[]): string[] {
    if (requested.length === 0) throw invalid('scopes', 'must name at least one scope');
    const registered = JSON.parse(plugin.scopes) as string[];
    for (const scope of requested) {
      if (!isAction(scope) || !PLUGIN_ACTIONS.has(scope)) throw invalid('scopes', `"${scope}" is not a scope a plugin may hold`);
      if (!registered.includes(scope)) throw invalid('scopes', `"${scope}" is not among the plugin's registered scopes`);
    }
    return [...new Set(requested)];
  }

  private async revokeFamily(grantId: string, now: Date): Promise<void> {
    await forgettingFound(this.forget, (found) => this.grants.revokeGrants({ grantId }, now.toISOString(), found));
  }
}
