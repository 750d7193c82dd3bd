// Personal access tokens (Teable): scopes from the catalogue, optional space/base restrictions or
// full access, and an expiry. The secret is shown once; the store keeps its digest.
import { tokenSubject as subject, type AuditLog, type Origin } from '../audit/audit-log.js';
import { isAction, type Action } from '../auth/actions.js';
import { forgetting } from '../auth/cache-invalidation.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { BaseRepository } from '../bases/base-repository.js';
import type { Throttle } from '../auth/throttle.js';
import { digestSecret } from '../crypto/digest.js';
import { newId } from '../crypto/ids.js';
import { generateToken } from '../crypto/token-format.js';
import type { AccessTokenRow } from '../db/schema.js';
import { AppError, invalid, notFound } from '../errors.js';
import type { SpaceRepository } from '../spaces/space-repository.js';
import type { AccessTokenChanges, AccessTokenRepository } from './access-token-repository.js';
import { parseExpiry } from './expiry.js';
import type { TokenPolicyService } from './token-policy-service.js';

export interface AccessTokenView {
  id: string;
  name: string;
  description?: string;
  scopes: string[];
  spaceIds?: string[];
  baseIds?: string[];
  hasFullAccess: boolean;
  expiredTime: string;
  createdTime: string;
  lastUsedTime?: string;
}

export interface AccessTokenInput {
  name: string;
  description?: string | undefined;
  scopes: string[];
  spaceIds?: string[] | null | undefined;
  baseIds?: string[] | null | undefined;
  hasFullAccess?: boolean | undefined;
}

const list = (json: string | null): string[] | undefined => (json === null ? undefined : (JSON.parse(json) as string[]));

export function accessTokenView(row: AccessTokenRow): AccessTokenView {
  const spaceIds = list(row.space_ids);
  const baseIds = list(row.base_ids);
  return {
    id: row.id,
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    scopes: JSON.parse(row.scopes) as string[],
    ...(spaceIds ? { spaceIds } : {}),
    ...(baseIds ? { baseIds } : {}),
    hasFullAccess: row.has_full_access === 1,
    expiredTime: row.expired_time,
    createdTime: row.created_time,
    ...(row.last_used_time !== null ? { lastUsedTime: row.last_used_time } : {}),
  };
}

/** Token management is for people: a token cannot mint, read or change tokens. */
export function requirePerson(principal: Principal): void {
  if (!isPerson(principal)) {
    throw new AppError('restricted_resource', 'tokens can only be managed by a signed-in person, not with a token');
  }
}

export class AccessTokenService {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly spaces: SpaceRepository,
    private readonly bases: BaseRepository,
    /** The lifetime caps (the configuration's TESSERA_TOKEN_MAX_DAYS, and the admin's policy). */
    private readonly policies: TokenPolicyService,
    /** Drops a digest's cached verdict, so a change takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly throttle: Throttle,
    private readonly audit: AuditLog,
  ) {}

  async create(principal: Principal, input: AccessTokenInput & { expiredTime: string }, origin: Origin): Promise<AccessTokenView & { token: string; lastUsedTime: string }> {
    requirePerson(principal);
    const fields = await this.checkInput(principal.userId, input);
    const now = new Date();
    const expires = parseExpiry(input.expiredTime, now, await this.maxDays());
    await this.throttle.consume('token_creation', principal.userId);
    const token = generateToken('personalAccessToken');
    const row = await this.tokens.insert({
      id: newId('acc'),
      kind: 'personal_access_token',
      user_id: principal.userId,
      name: fields.name!,
      description: fields.description ?? null,
      scopes: fields.scopes!,
      space_ids: fields.space_ids ?? null,
      base_ids: fields.base_ids ?? null,
      has_full_access: fields.has_full_access ?? 0,
      secret_digest: digestSecret(token),
      expired_time: expires.toISOString(),
      created_time: now.toISOString(),
      modified_time: now.toISOString(),
      last_used_time: null,
      revoked_time: null,
    });
    await this.audit.record(origin, { action: 'token.create', actor: principal, ...subject(row), detail: { name: row.name, scopes: JSON.parse(row.scopes) as string[], expiredTime: row.expired_time } });
    // Before its first use, lastUsedTime holds the creation time (the seed requires a string).
    return { ...accessTokenView(row), token, lastUsedTime: row.created_time };
  }

  async get(principal: Principal, id: string): Promise<AccessTokenView> {
    requirePerson(principal);
    return accessTokenView(await this.owned(principal, id));
  }

  async list(principal: Principal): Promise<AccessTokenView[]> {
    requirePerson(principal);
    return (await this.tokens.listOwned('personal_access_token', principal.userId)).map(accessTokenView);
  }

  /** Absent fields stay as they are; `null` clears spaceIds or baseIds. */
  async update(principal: Principal, id: string, input: AccessTokenInput, origin: Origin): Promise<Omit<AccessTokenView, 'expiredTime' | 'createdTime' | 'lastUsedTime'>> {
    requirePerson(principal);
    const row = await this.owned(principal, id);
    const changes = { ...(await this.checkInput(principal.userId, input)), modified_time: new Date().toISOString() };
    await forgetting(this.forget, row.secret_digest, () => this.tokens.update(id, changes));
    await this.audit.record(origin, { action: 'token.update', actor: principal, ...subject(row), detail: { changed: Object.keys(input) } });
    const { expiredTime: _e, createdTime: _c, lastUsedTime: _l, ...rest } = accessTokenView({ ...row, ...changes });
    return rest;
  }

  /** A new secret (the old one stops working at once), optionally with a new expiry. */
  async refresh(principal: Principal, id: string, input: { expiredTime?: string | undefined }, origin: Origin): Promise<{ id: string; expiredTime: string; token: string }> {
    requirePerson(principal);
    const row = await this.owned(principal, id);
    const now = new Date();
    let expiredTime = row.expired_time;
    if (input.expiredTime !== undefined) expiredTime = parseExpiry(input.expiredTime, now, await this.maxDays()).toISOString();
    else if (Date.parse(expiredTime) <= now.getTime()) throw invalid('expiredTime', 'is required to refresh an expired token');
    else {
      // The kept expiry is cut to a lifetime cap set since the token was made.
      const latest = new Date(now.getTime() + (await this.maxDays()) * 86_400_000);
      if (Date.parse(expiredTime) > latest.getTime()) expiredTime = latest.toISOString();
    }
    const token = generateToken('personalAccessToken');
    if (!(await forgetting(this.forget, row.secret_digest, () => this.tokens.rotate(id, row.secret_digest, digestSecret(token), expiredTime)))) {
      throw new AppError('conflict', 'the token was refreshed or deleted meanwhile');
    }
    await this.audit.record(origin, { action: 'token.refresh', actor: principal, ...subject(row), detail: { expiredTime } });
    return { id, expiredTime, token };
  }

  async delete(principal: Principal, id: string, origin: Origin): Promise<void> {
    requirePerson(principal);
    const row = await this.owned(principal, id);
    await forgetting(this.forget, row.secret_digest, () => this.tokens.revoke(id, new Date().toISOString()));
    await this.audit.record(origin, { action: 'token.delete', actor: principal, ...subject(row) });
  }

  private async maxDays(): Promise<number> {
    return (await this.policies.maxDays('personal_access_token')) ?? Number.MAX_SAFE_INTEGER;
  }

  private async owned(principal: Principal, id: string): Promise<AccessTokenRow> {
    const row = await this.tokens.findOwned('personal_access_token', id, principal.userId);
    if (!row) throw notFound('access token');
    return row;
  }

  private async checkInput(userId: string, input: AccessTokenInput): Promise<AccessTokenChanges> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) throw invalid('name', 'must be 1 to 100 characters');
    if (input.description !== undefined && input.description.length > 1000) throw invalid('description', 'must be at most 1000 characters');
    if (input.scopes.length === 0) throw invalid('scopes', 'must name at least one scope');
    const scopes: Action[] = [];
    for (const scope of input.scopes) {
      if (!isAction(scope)) throw invalid('scopes', `"${scope}" is not in the scope catalogue (GET /api/access-token/scopes)`);
      if (!scopes.includes(scope)) scopes.push(scope);
    }
    const changes: AccessTokenChanges = { name, scopes: JSON.stringify(scopes) };
    if (input.description !== undefined) changes.description = input.description;
    if (input.hasFullAccess !== undefined) changes.has_full_access = input.hasFullAccess ? 1 : 0;
    if (input.spaceIds !== undefined) changes.space_ids = await this.checkSpaces(userId, input.spaceIds);
    if (input.baseIds !== undefined) changes.base_ids = await this.checkBases(userId, input.baseIds);
    return changes;
  }

  private async checkSpaces(userId: string, ids: string[] | null): Promise<string | null> {
    if (ids === null) return null;
    if (ids.length === 0) throw invalid('spaceIds', 'must not be empty (use null to clear)');
    const unique = [...new Set(ids)];
    for (const id of unique) {
      if (!(await this.spaces.roleOf(id, userId))) throw invalid('spaceIds', `${id} is not a space of yours`);
    }
    return JSON.stringify(unique);
  }

  private async checkBases(userId: string, ids: string[] | null): Promise<string | null> {
    if (ids === null) return null;
    if (ids.length === 0) throw invalid('baseIds', 'must not be empty (use null to clear)');
    const unique = [...new Set(ids)];
    const visible = new Set((await this.bases.listVisible(unique, userId)).map((b) => b.id));
    const foreign = unique.find((id) => !visible.has(id));
    if (foreign !== undefined) throw invalid('baseIds', `${foreign} is not a base of yours`);
    return JSON.stringify(unique);
  }
}
