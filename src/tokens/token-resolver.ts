// Verification of every token kind kept in the one token table: digest -> row -> Principal.
import { ACTIONS, BASE_READ_ACTIONS, PLUGIN_ACTIONS, READ_ACTIONS, isAction, type Action } from '../auth/actions.js';
import type { CredentialResolver, Resolution } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { AccessTokenRow } from '../db/schema.js';
import type { AccessTokenRepository } from './access-token-repository.js';

const ALL_ACTIONS: ReadonlySet<Action> = new Set(ACTIONS);
const ids = (json: string | null): string[] => (json === null ? [] : (JSON.parse(json) as string[]));

/** AWX scopes: `write` carries the owner's full rights, `read` only reading. */
export function awxScopeIsWrite(scopes: readonly string[]): boolean {
  return scopes.includes('write');
}

export function principalOf(row: AccessTokenRow): Principal {
  const scopes = JSON.parse(row.scopes) as string[];
  const common = { userId: row.user_id, credentialId: row.id, expiresAt: row.expired_time };
  if (row.kind === 'base_api_token') {
    // SeaTable's API token: `r` or `rw` on its one base, within its generator's current role.
    return {
      ...common,
      kind: 'base_api_token',
      scopes: scopes.includes('rw') ? PLUGIN_ACTIONS : BASE_READ_ACTIONS,
      fullAccess: false,
      spaceIds: new Set(),
      baseIds: new Set(ids(row.base_ids)),
      readOnly: false,
    };
  }
  if (row.kind === 'user_personal_token') {
    const write = awxScopeIsWrite(scopes);
    return {
      ...common,
      kind: 'user_personal_token',
      scopes: write ? ALL_ACTIONS : READ_ACTIONS,
      fullAccess: true,
      spaceIds: new Set(),
      baseIds: new Set(),
      readOnly: !write,
    };
  }
  return {
    ...common,
    // A plugin access token is scoped like a personal access token, to the one base of its grant.
    kind: row.kind === 'plugin_access_token' ? 'plugin_access_token' : 'personal_access_token',
    scopes: new Set(scopes.filter(isAction)),
    fullAccess: row.has_full_access === 1,
    spaceIds: new Set(ids(row.space_ids)),
    baseIds: new Set(ids(row.base_ids)),
    readOnly: false,
  };
}

export class TokenResolver implements CredentialResolver {
  constructor(private readonly tokens: AccessTokenRepository) {}

  async resolve(digest: string): Promise<Resolution> {
    const row = await this.tokens.findByDigest(digest);
    if (!row) return { ok: false, failure: 'token_invalid' };
    // A plugin token dies with its grant (revoked, or deleted with its plugin), even one issued
    // while the grant was being revoked, and with the token that authorized the grant, if one did
    // (revoked or deleted); it expires when that token does, if sooner.
    const grantDead = row.grant_id !== null && (row.grant_found === null || row.grant_revoked_time !== null);
    const authorizerGone = row.grant_authorized_by !== null && (row.authorizer_found === null || row.authorizer_revoked_time !== null);
    if (row.revoked_time !== null || grantDead || authorizerGone) return { ok: false, failure: 'token_revoked', credentialId: row.id, userId: row.user_id };
    const principal = principalOf(row);
    const authorizerExpiry = row.grant_authorized_by !== null ? row.authorizer_expired_time : null;
    if (authorizerExpiry !== null && (principal.expiresAt === null || Date.parse(authorizerExpiry) < Date.parse(principal.expiresAt))) return { ok: true, principal: { ...principal, expiresAt: authorizerExpiry } };
    return { ok: true, principal };
  }
}
