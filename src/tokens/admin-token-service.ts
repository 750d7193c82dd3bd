// What an instance admin may do with anyone's tokens: list them and revoke them.
import type { Origin } from '../audit/audit-log.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { AccessTokenRow, TokenKindColumn } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import type { UserRepository } from '../users/user-repository.js';
import type { AccessTokenRepository } from './access-token-repository.js';
import type { Revocation } from './revocation.js';

export const TOKEN_KINDS: readonly TokenKindColumn[] = ['personal_access_token', 'user_personal_token', 'plugin_access_token', 'base_api_token'];

export interface AdminTokenView {
  id: string;
  kind: TokenKindColumn;
  userId: string;
  name: string;
  expiredTime: string;
  createdTime: string;
  lastUsedTime?: string;
}

const view = (row: AccessTokenRow): AdminTokenView => ({
  id: row.id,
  kind: row.kind,
  userId: row.user_id,
  name: row.name,
  expiredTime: row.expired_time,
  createdTime: row.created_time,
  ...(row.last_used_time !== null ? { lastUsedTime: row.last_used_time } : {}),
});

export class AdminTokenService {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly users: UserRepository,
    private readonly revocation: Revocation,
  ) {}

  private async requireAdmin(principal: Principal): Promise<void> {
    const user = isPerson(principal) ? await this.users.findById(principal.userId) : undefined;
    if (user?.is_admin !== 1) throw new AppError('restricted_resource', 'only an instance admin, signed in, may do this');
  }

  async list(principal: Principal, filter: { kind?: TokenKindColumn | undefined; userId?: string | undefined }, skip: number, take: number): Promise<{ tokens: AdminTokenView[]; total: number }> {
    await this.requireAdmin(principal);
    const { rows, total } = await this.tokens.page(filter, skip, take);
    return { tokens: rows.map(view), total };
  }

  async revoke(principal: Principal, id: string, origin: Origin): Promise<void> {
    await this.requireAdmin(principal);
    const row = await this.tokens.findById(id);
    if (!row) throw notFound('token');
    await this.revocation.token(row, origin, { actor: principal, detail: { by: 'admin' } });
  }
}
