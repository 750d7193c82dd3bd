// SeaTable base access tokens: short-lived JWTs for one base (`dtable_uuid`), with permission
// `rw` or `r`, signed with the key store's current key. Each names the credential it came from
// (`src`), so the data server can refuse it the moment that credential dies.
import { randomBytes } from 'node:crypto';
import type { AuditLog, Origin } from '../audit/audit-log.js';
import { can } from '../auth/can.js';
import type { Guard } from '../auth/guard.js';
import type { Principal } from '../auth/principal.js';
import type { BaseRepository } from '../bases/base-repository.js';
import type { Config } from '../config.js';
import type { BaseRow, SpaceRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { signJws } from '../keys/jws.js';
import { JWT_ALG, type KeyService } from '../keys/key-service.js';
import type { SpaceRepository } from '../spaces/space-repository.js';
import type { UserRepository } from '../users/user-repository.js';

/** The audience of every base access token: this Tessera's data server. */
export const BASE_TOKEN_AUDIENCE = 'tessera-dtable-server';

export type BasePermission = 'r' | 'rw';

export interface BaseTokenAnswer {
  access_token: string;
  dtable_uuid: string;
  dtable_server: string;
  dtable_socket: string;
  dtable_db: string;
  workspace_id: number;
  dtable_name: string;
}

/** SeaTable's refusal; its family answers {"error_msg": "Permission denied."}. */
export const permissionDenied = (): AppError => new AppError('restricted_resource', 'Permission denied.');

export class BaseTokenService {
  constructor(
    private readonly spaces: SpaceRepository,
    private readonly bases: BaseRepository,
    private readonly users: UserRepository,
    private readonly guard: Guard,
    private readonly keys: KeyService,
    private readonly config: Pick<Config, 'publicUrl' | 'baseTokenTtlSeconds'>,
    private readonly audit: AuditLog,
  ) {}

  /** The base a caller names by workspace id and base name, with the caller's permission there. */
  async locate(principal: Principal, workspace: string, dtableName: string): Promise<{ space: SpaceRow; base: BaseRow; permission: BasePermission }> {
    // A workspace id that is not a number names nothing (404), like an unknown one.
    const space = /^[1-9]\d{0,14}$/.test(workspace) ? await this.spaces.findByNum(Number(workspace)) : undefined;
    if (!space) throw new AppError('not_found', `Workspace ${workspace} not found.`);
    const role = await this.guard.roleOf(principal, space.id);
    if (role === null) throw permissionDenied();
    const base = await this.bases.findByName(space.id, dtableName);
    if (!base) throw new AppError('not_found', `dtable ${dtableName} not found.`);
    const target = { kind: 'base', spaceId: space.id, baseId: base.id, role } as const;
    if (!can(principal, 'base|read', target).allowed) throw permissionDenied();
    return { space, base, permission: can(principal, 'record|update', target).allowed ? 'rw' : 'r' };
  }

  /** The caller's spaces as SeaTable workspaces, each with the bases the credential may read. */
  async workspaces(principal: Principal): Promise<{ id: number; name: string; type: string; table_list: { id: number; workspace_id: number; uuid: string; name: string }[] }[]> {
    const out = [];
    for (const space of await this.spaces.listForUser(principal.userId)) {
      const bases = (await this.bases.listInSpace(space.id)).filter(
        (b) => can(principal, 'base|read', { kind: 'base', spaceId: space.id, baseId: b.id, role: space.role }).allowed,
      );
      const spaceVisible = can(principal, 'space|read', { kind: 'space', spaceId: space.id, role: space.role }).allowed;
      if (!spaceVisible && bases.length === 0) continue;
      out.push({
        id: space.num,
        name: space.name,
        type: 'personal',
        table_list: bases.map((b) => ({ id: b.num, workspace_id: space.num, uuid: b.uuid, name: b.name })),
      });
    }
    return out;
  }

  /** The base by id with its space and the credential's permission there, or undefined. */
  async locateById(principal: Principal, baseId: string): Promise<{ space: SpaceRow; base: BaseRow; permission: BasePermission } | undefined> {
    const base = await this.bases.findById(baseId);
    const space = base ? await this.spaces.findById(base.space_id) : undefined;
    if (!base || !space) return undefined;
    const role = await this.guard.roleOf(principal, space.id);
    const target = { kind: 'base', spaceId: space.id, baseId: base.id, role } as const;
    if (!can(principal, 'base|read', target).allowed) return undefined;
    return { space, base, permission: can(principal, 'record|update', target).allowed ? 'rw' : 'r' };
  }

  /** GET /api/v2.1/workspace/{id}/dtable/{name}/access-token/ */
  async forUser(principal: Principal, workspace: string, dtableName: string, origin: Origin): Promise<BaseTokenAnswer> {
    const { space, base, permission } = await this.locate(principal, workspace, dtableName);
    const user = await this.users.findById(principal.userId);
    const token = await this.sign({ base, permission, username: user?.email ?? principal.userId, source: `${principal.kind}:${principal.credentialId}` }, origin, principal);
    return this.answer(token, space, base);
  }

  answer(accessToken: string, space: SpaceRow, base: BaseRow): BaseTokenAnswer {
    return {
      access_token: accessToken,
      dtable_uuid: base.uuid,
      dtable_server: `${this.config.publicUrl}/dtable-server/`,
      dtable_socket: `${this.config.publicUrl}/`,
      dtable_db: `${this.config.publicUrl}/dtable-db/`,
      workspace_id: space.num,
      dtable_name: base.name,
    };
  }

  /**
   * Signs a base token and audits its issue (by its jti, never the token); `username` is absent
   * for share links (they carry no identity), as is the actor.
   */
  async sign(
    claims: { base: BaseRow; permission: BasePermission; username?: string; source: string },
    origin: Origin,
    actor: Principal | null,
    /** Whose credential the token comes from (by default the actor's): a share link's creator. */
    userId: string | null = actor?.userId ?? null,
  ): Promise<string> {
    const { kid, key } = await this.keys.signingKey();
    const jti = randomBytes(16).toString('base64url');
    const issuedAt = Math.floor(Date.now() / 1000);
    const token = signJws({ alg: JWT_ALG, kid, typ: 'JWT' }, {
      dtable_uuid: claims.base.uuid,
      permission: claims.permission,
      ...(claims.username !== undefined ? { username: claims.username } : {}),
      src: claims.source,
      iss: this.config.publicUrl,
      aud: BASE_TOKEN_AUDIENCE,
      iat: issuedAt,
      exp: issuedAt + this.config.baseTokenTtlSeconds,
      jti,
    }, key);
    const [sourceKind, sourceId] = claims.source.split(':');
    await this.audit.record(origin, {
      action: 'base_token.issue',
      actor,
      userId,
      credentialId: jti,
      credentialKind: 'base_access_token',
      detail: { baseId: claims.base.id, permission: claims.permission, sourceKind: sourceKind ?? null, sourceId: sourceId ?? null },
    });
    return token;
  }
}
