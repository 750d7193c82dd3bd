// User personal tokens (AWX): `read` or `write` over all of the owner's rights, an expiry set by
// policy, integer ids. Same table and verification path as the personal access tokens.
import { tokenSubject as subject, type AuditLog, type Origin } from '../audit/audit-log.js';
import { forgetting } from '../auth/cache-invalidation.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { Throttle } from '../auth/throttle.js';
import { digestSecret } from '../crypto/digest.js';
import { newId } from '../crypto/ids.js';
import { generateToken } from '../crypto/token-format.js';
import type { AccessTokenRow, UserRow } from '../db/schema.js';
import { AppError, invalid } from '../errors.js';
import type { UserRepository } from '../users/user-repository.js';
import type { AccessTokenChanges, AccessTokenRepository } from './access-token-repository.js';
import type { TokenPolicyService } from './token-policy-service.js';

export const AWX_SCOPES = ['read', 'write'] as const;
const SCOPE_MESSAGE = "Must be a simple space-separated string with allowed scopes ['read', 'write'].";
const KIND = 'user_personal_token';

export interface OwnedToken {
  row: AccessTokenRow;
  owner: UserRow;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Parses AWX's space-separated scope string; returns the normalized words. */
export function parseAwxScope(scope: string | undefined): string[] {
  if (scope === undefined) return ['write'];
  const words = scope.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.some((w) => !(AWX_SCOPES as readonly string[]).includes(w))) throw invalid('scope', SCOPE_MESSAGE);
  return [...new Set(words)];
}

const notFound = (): AppError => new AppError('not_found', 'Not found.');

function checkDescription(description: string | undefined): string | undefined {
  if (description !== undefined && description.length > 1000) throw invalid('description', 'Ensure this field has no more than 1000 characters.');
  return description;
}

export class PersonalTokenService {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly users: UserRepository,
    /** The lifetime of a new token: TESSERA_PERSONAL_TOKEN_DAYS, or less by the admin's policy. */
    private readonly policies: TokenPolicyService,
    /** Drops a digest's cached verdict, so a change takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly throttle: Throttle,
    private readonly audit: AuditLog,
  ) {}

  /** The caller, as a person: tokens do not manage tokens. */
  async caller(principal: Principal): Promise<UserRow> {
    if (!isPerson(principal)) throw new AppError('restricted_resource', 'tokens can only be managed by a signed-in person, not with a token');
    const me = await this.users.findById(principal.userId);
    if (!me) throw new AppError('token_invalid', 'the account no longer exists');
    return me;
  }

  /** The user whose tokens `{id}` names: oneself, or anyone for an instance admin. */
  private async subject(principal: Principal, userNum: number | null): Promise<UserRow> {
    const me = await this.caller(principal);
    if (userNum === null) throw notFound();
    if (userNum === me.num) return me;
    if (me.is_admin !== 1) throw new AppError('restricted_resource', 'You do not have permission to perform this action.');
    const user = await this.users.findByNum(userNum);
    if (!user) throw notFound();
    return user;
  }

  async create(principal: Principal, userNum: number | null, input: { description?: string | undefined; scope?: string | undefined }, origin: Origin): Promise<OwnedToken & { token: string }> {
    const owner = await this.subject(principal, userNum);
    const scopes = parseAwxScope(input.scope);
    const description = checkDescription(input.description) ?? '';
    const days = (await this.policies.maxDays('user_personal_token')) ?? 36500;
    await this.throttle.consume('token_creation', principal.userId);
    const token = generateToken('userPersonalToken');
    const now = new Date();
    const row = await this.tokens.insert({
      id: newId('acc'),
      kind: KIND,
      user_id: owner.id,
      name: description.slice(0, 100) || 'personal token',
      description,
      scopes: JSON.stringify(scopes),
      space_ids: null,
      base_ids: null,
      has_full_access: 1,
      secret_digest: digestSecret(token),
      expired_time: new Date(now.getTime() + days * 86_400_000).toISOString(),
      created_time: now.toISOString(),
      modified_time: now.toISOString(),
      last_used_time: null,
      revoked_time: null,
    });
    await this.audit.record(origin, { action: 'token.create', actor: principal, ...subject(row), detail: { scopes, expiredTime: row.expired_time } });
    return { row, owner, token };
  }

  async listForUser(principal: Principal, userNum: number | null, offset: number, limit: number): Promise<Page<OwnedToken>> {
    const owner = await this.subject(principal, userNum);
    const { rows, total } = await this.tokens.page({ kind: KIND, userId: owner.id }, offset, limit);
    return { items: rows.map((row) => ({ row, owner })), total };
  }

  /** The caller's tokens; an instance admin sees everyone's. */
  async list(principal: Principal, offset: number, limit: number): Promise<Page<OwnedToken>> {
    const me = await this.caller(principal);
    const { rows, total } = await this.tokens.page({ kind: KIND, userId: me.is_admin === 1 ? undefined : me.id }, offset, limit);
    const owners = new Map((await this.users.findManyByIds([...new Set(rows.map((r) => r.user_id))])).map((u) => [u.id, u]));
    return { items: rows.map((row) => ({ row, owner: owners.get(row.user_id)! })), total };
  }

  async get(principal: Principal, tokenNum: number | null): Promise<OwnedToken> {
    const me = await this.caller(principal);
    const row = tokenNum === null ? undefined : await this.tokens.findByNum(KIND, tokenNum);
    if (!row || (row.user_id !== me.id && me.is_admin !== 1)) throw notFound();
    const owner = row.user_id === me.id ? me : await this.users.findById(row.user_id);
    if (!owner) throw notFound();
    return { row, owner };
  }

  async update(principal: Principal, tokenNum: number | null, input: { description?: string | undefined; scope?: string | undefined }, origin: Origin): Promise<OwnedToken> {
    const { row, owner } = await this.get(principal, tokenNum);
    const changes: AccessTokenChanges = { modified_time: new Date().toISOString() };
    const description = checkDescription(input.description);
    if (description !== undefined) changes.description = description;
    if (input.scope !== undefined) changes.scopes = JSON.stringify(parseAwxScope(input.scope));
    await forgetting(this.forget, row.secret_digest, () => this.tokens.update(row.id, changes));
    await this.audit.record(origin, { action: 'token.update', actor: principal, ...subject(row), detail: { changed: Object.keys(input) } });
    return { row: { ...row, ...changes }, owner };
  }

  async delete(principal: Principal, tokenNum: number | null, origin: Origin): Promise<void> {
    const { row } = await this.get(principal, tokenNum);
    await forgetting(this.forget, row.secret_digest, () => this.tokens.revoke(row.id, new Date().toISOString()));
    await this.audit.record(origin, { action: 'token.delete', actor: principal, ...subject(row) });
  }
}
