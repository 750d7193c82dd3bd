// SeaTable API tokens: per base and app name, `r` or `rw`, made by the base's owner or an editor.
// Kept in the one token table (kind base_api_token) as a digest: SeaTable lists them in clear,
// Tessera shows the secret once. Such a token acts within its generator's current role.
import { tokenSubject, type AuditLog, type Origin } from '../audit/audit-log.js';
import { forgetting } from '../auth/cache-invalidation.js';
import type { Throttle } from '../auth/throttle.js';
import { isPerson, type Principal } from '../auth/principal.js';
import { digestSecret } from '../crypto/digest.js';
import { newId } from '../crypto/ids.js';
import { generateToken } from '../crypto/token-format.js';
import type { AccessTokenRow, BaseRow } from '../db/schema.js';
import { conflictIfTaken } from '../db/store-errors.js';
import { AppError, invalid } from '../errors.js';
import type { AccessTokenRepository, NewAccessToken } from '../tokens/access-token-repository.js';
import type { TokenPolicyService } from '../tokens/token-policy-service.js';
import type { UserRepository } from '../users/user-repository.js';
import { permissionDenied, type BasePermission, type BaseTokenAnswer, type BaseTokenService } from './base-token-service.js';

const KIND = 'base_api_token';
/** API tokens do not expire by themselves (unless a policy caps them); a far date keeps the one token table's column filled. */
const NEVER = '9999-12-31T23:59:59.999Z';

export interface ApiTokenView {
  app_name: string;
  generated_by: string;
  generated_at: string;
  last_access: string;
  permission: BasePermission;
}

const exists = (appName: string): AppError => new AppError('conflict', `api token ${appName} exists.`);

function checkPermission(permission: string): BasePermission {
  if (permission !== 'r' && permission !== 'rw') throw invalid('permission', 'must be r or rw');
  return permission;
}

function checkAppName(name: string): string {
  const value = name.trim();
  if (value.length < 1 || value.length > 255) throw invalid('app_name', 'must be 1 to 255 characters');
  return value;
}


export class ApiTokenService {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly users: UserRepository,
    private readonly baseTokens: BaseTokenService,
    /** Drops a digest's cached verdict, so a change takes effect at once. */
    private readonly forget: (digest: string) => void,
    private readonly throttle: Throttle,
    private readonly audit: AuditLog,
    private readonly policies: TokenPolicyService,
  ) {}

  /** The base, for a person who may write in it (its owner or an editor). */
  private async manageable(principal: Principal, workspace: string, dtableName: string): Promise<BaseRow> {
    const { base, permission } = await this.baseTokens.locate(principal, workspace, dtableName);
    if (!isPerson(principal) || permission !== 'rw') throw permissionDenied();
    return base;
  }

  private async view(row: AccessTokenRow): Promise<ApiTokenView> {
    const user = await this.users.findById(row.user_id);
    return {
      app_name: row.name,
      generated_by: user?.email ?? '',
      generated_at: row.created_time,
      last_access: row.last_used_time ?? '',
      permission: (JSON.parse(row.scopes) as string[]).includes('rw') ? 'rw' : 'r',
    };
  }

  private async find(base: BaseRow, appName: string): Promise<AccessTokenRow | undefined> {
    return (await this.tokens.listOnBase(KIND, base.id)).find((t) => t.name === appName);
  }

  async create(principal: Principal, workspace: string, dtableName: string, input: { app_name: string; permission: string }, origin: Origin): Promise<ApiTokenView & { api_token: string }> {
    const base = await this.manageable(principal, workspace, dtableName);
    const appName = checkAppName(input.app_name);
    const permission = checkPermission(input.permission);
    if (await this.find(base, appName)) throw exists(appName);
    await this.throttle.consume('token_creation', principal.userId);
    const days = await this.policies.maxDays('base_api_token');
    const secret = generateToken('baseApiToken');
    const created = new Date();
    const now = created.toISOString();
    const token: NewAccessToken = {
      id: newId('acc'),
      kind: KIND,
      user_id: principal.userId,
      name: appName,
      description: null,
      scopes: JSON.stringify([permission]),
      space_ids: null,
      base_ids: JSON.stringify([base.id]),
      has_full_access: 0,
      secret_digest: digestSecret(secret),
      expired_time: days === null ? NEVER : new Date(created.getTime() + days * 86_400_000).toISOString(),
      created_time: now,
      modified_time: now,
      last_used_time: null,
      revoked_time: null,
    };
    // A simultaneous creation of the same name that won (the unique index) is a 409 too.
    const row = await conflictIfTaken(() => this.tokens.insert(token), () => exists(appName));
    await this.audit.record(origin, { action: 'token.create', actor: principal, ...tokenSubject(row), detail: { appName, permission, baseId: base.id } });
    return { ...(await this.view(row)), api_token: secret };
  }

  async list(principal: Principal, workspace: string, dtableName: string): Promise<ApiTokenView[]> {
    const base = await this.manageable(principal, workspace, dtableName);
    return Promise.all((await this.tokens.listOnBase(KIND, base.id)).map((row) => this.view(row)));
  }

  async update(principal: Principal, workspace: string, dtableName: string, appName: string, input: { permission: string }, origin: Origin): Promise<ApiTokenView> {
    const base = await this.manageable(principal, workspace, dtableName);
    const permission = checkPermission(input.permission);
    const row = await this.find(base, appName);
    if (!row) throw new AppError('not_found', `api token ${appName} not found.`);
    const changes = { scopes: JSON.stringify([permission]), modified_time: new Date().toISOString() };
    await forgetting(this.forget, row.secret_digest, () => this.tokens.update(row.id, changes));
    await this.audit.record(origin, { action: 'token.update', actor: principal, ...tokenSubject(row), detail: { permission } });
    return this.view({ ...row, ...changes });
  }

  async delete(principal: Principal, workspace: string, dtableName: string, appName: string, origin: Origin): Promise<void> {
    const base = await this.manageable(principal, workspace, dtableName);
    const row = await this.find(base, appName);
    if (!row) throw new AppError('not_found', `api token ${appName} not found.`);
    await forgetting(this.forget, row.secret_digest, () => this.tokens.revoke(row.id, new Date().toISOString()));
    await this.audit.record(origin, { action: 'token.delete', actor: principal, ...tokenSubject(row) });
  }

  /** GET /api/v2.1/dtable/app-access-token/: a base access token for an API token's base. */
  async appAccessToken(principal: Principal, origin: Origin): Promise<BaseTokenAnswer & { app_name: string }> {
    if (principal.kind !== 'base_api_token') throw permissionDenied();
    const row = await this.tokens.findById(principal.credentialId);
    const baseId = [...principal.baseIds][0];
    const located = row && baseId ? await this.baseTokens.locateById(principal, baseId) : undefined;
    if (!row || !located) throw permissionDenied();
    const permission: BasePermission = (JSON.parse(row.scopes) as string[]).includes('rw') && located.permission === 'rw' ? 'rw' : 'r';
    const user = await this.users.findById(row.user_id);
    const token = await this.baseTokens.sign({
      base: located.base,
      permission,
      username: user?.email ?? row.user_id,
      source: `base_api_token:${row.id}`,
    }, origin, principal);
    return { ...this.baseTokens.answer(token, located.space, located.base), app_name: row.name };
  }
}
