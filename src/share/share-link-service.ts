// Share links (SeaTable): a base's owner or editor makes a read-only link, optionally with a
// password and an expiry, both enforced. Anyone holding the link gets a read-only base access
// token that carries no user identity; deleting the link kills those tokens at once.
import type { AuditLog, Origin } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { isPerson } from '../auth/principal.js';
import { permissionDenied, type BaseTokenService } from '../base-tokens/base-token-service.js';
import type { BaseRepository } from '../bases/base-repository.js';
import type { Config } from '../config.js';
import { digestSecret } from '../crypto/digest.js';
import { newId } from '../crypto/ids.js';
import { hashPassword, verifyPassword } from '../crypto/password.js';
import { generateToken, parseToken } from '../crypto/token-format.js';
import type { ShareLinkRow } from '../db/schema.js';
import { AppError, invalid } from '../errors.js';
import type { SpaceRepository } from '../spaces/space-repository.js';
import type { TokenPolicyService } from '../tokens/token-policy-service.js';
import type { ShareLinkRepository } from './share-link-repository.js';

export interface ShareLinkView {
  id: string;
  permission: 'r';
  expire_date: string | null;
  password_set: boolean;
  workspace_id: number;
  dtable_name: string;
  ctime: string;
}


export class ShareLinkService {
  constructor(
    private readonly links: ShareLinkRepository,
    private readonly spaces: SpaceRepository,
    private readonly bases: BaseRepository,
    private readonly baseTokens: BaseTokenService,
    private readonly config: Pick<Config, 'publicUrl'>,
    private readonly audit: AuditLog,
    private readonly policies: TokenPolicyService,
  ) {}

  private async manageable(principal: Principal, workspace: string, dtableName: string) {
    const located = await this.baseTokens.locate(principal, workspace, dtableName);
    if (!isPerson(principal) || located.permission !== 'rw') throw permissionDenied();
    return located;
  }

  private view(row: ShareLinkRow, workspaceNum: number, dtableName: string): ShareLinkView {
    return {
      id: row.id,
      permission: 'r',
      expire_date: row.expire_time,
      password_set: row.password_hash !== null,
      workspace_id: workspaceNum,
      dtable_name: dtableName,
      ctime: row.created_time,
    };
  }

  async create(
    principal: Principal,
    input: { workspace_id: string; table_name: string; permission?: string | undefined; password?: string | undefined; expire_days?: number | undefined },
    origin: Origin,
  ): Promise<ShareLinkView & { token: string; link: string }> {
    const { space, base } = await this.manageable(principal, input.workspace_id, input.table_name);
    if (input.permission !== undefined && input.permission !== 'r') throw invalid('permission', 'share links are read-only: permission must be r');
    if (input.password !== undefined && input.password.length < 8) throw invalid('password', 'must be at least 8 characters');
    const maxDays = await this.policies.maxDays('share_link');
    if (maxDays !== null && input.expire_days !== undefined && input.expire_days > maxDays) throw invalid('expire_days', `must be at most ${maxDays} (the instance's policy)`);
    const expireDays = input.expire_days ?? maxDays;
    const token = generateToken('shareLink');
    const now = new Date();
    const row: ShareLinkRow = {
      id: newId('shl'),
      base_id: base.id,
      created_by: principal.userId,
      secret_digest: digestSecret(token),
      password_hash: input.password !== undefined ? await hashPassword(input.password) : null,
      expire_time: expireDays !== null ? new Date(now.getTime() + expireDays * 86_400_000).toISOString() : null,
      created_time: now.toISOString(),
    };
    await this.links.insert(row);
    await this.audit.record(origin, { action: 'share_link.create', actor: principal, credentialId: row.id, credentialKind: 'share_link', detail: { baseId: base.id, expireTime: row.expire_time, passwordSet: row.password_hash !== null } });
    return { ...this.view(row, space.num, base.name), token, link: `${this.config.publicUrl}/dtable/external-links/${token}/` };
  }

  async list(principal: Principal, workspace: string, dtableName: string): Promise<ShareLinkView[]> {
    const { space, base } = await this.manageable(principal, workspace, dtableName);
    return (await this.links.listOnBase(base.id)).map((row) => this.view(row, space.num, base.name));
  }

  /** Deletes a link named by its token or its id; its base tokens die at once. */
  async delete(principal: Principal, tokenOrId: string, origin: Origin): Promise<void> {
    const row = parseToken(tokenOrId) === 'shareLink' ? await this.links.findByDigest(digestSecret(tokenOrId)) : await this.links.findById(tokenOrId);
    const base = row ? await this.bases.findById(row.base_id) : undefined;
    const space = base ? await this.spaces.findById(base.space_id) : undefined;
    if (!row || !base || !space) throw new AppError('not_found', 'Share link not found.');
    await this.manageable(principal, String(space.num), base.name);
    await this.links.delete(row.id);
    await this.audit.record(origin, { action: 'share_link.delete', actor: principal, userId: row.created_by, credentialId: row.id, credentialKind: 'share_link', detail: { baseId: row.base_id } });
  }

  /** GET /api/v2.1/dtable/share-link-access-token/: a read-only base token for a link's holder. */
  async accessToken(token: string | undefined, password: string | undefined, origin: Origin): Promise<{ access_token: string; dtable_uuid: string; dtable_server: string; dtable_socket: string }> {
    if (token === undefined || token === '') throw new AppError('validation_error', 'token invalid.');
    const row = parseToken(token) === 'shareLink' ? await this.links.findByDigest(digestSecret(token)) : undefined;
    if (!row) throw permissionDenied();
    if (row.expire_time !== null && Date.parse(row.expire_time) <= Date.now()) throw permissionDenied();
    if (row.password_hash !== null && !(password !== undefined && (await verifyPassword(password, row.password_hash)))) throw permissionDenied();
    const base = await this.bases.findById(row.base_id);
    const space = base ? await this.spaces.findById(base.space_id) : undefined;
    if (!base || !space) throw permissionDenied();
    await this.audit.record(origin, { action: 'share_link.use', userId: row.created_by, credentialId: row.id, credentialKind: 'share_link', detail: { baseId: base.id } });
    const accessToken = await this.baseTokens.sign({ base, permission: 'r', source: `share_link:${row.id}` }, origin, null, row.created_by);
    const answer = this.baseTokens.answer(accessToken, space, base);
    return { access_token: answer.access_token, dtable_uuid: answer.dtable_uuid, dtable_server: answer.dtable_server, dtable_socket: answer.dtable_socket };
  }

  /** The creator behind a live link, for the data server's liveness check; null when dead. */
  async liveCreator(id: string): Promise<string | null> {
    const row = await this.links.findById(id);
    return row && (row.expire_time === null || Date.parse(row.expire_time) > Date.now()) ? row.created_by : null;
  }
}
