// What an instance admin (through the API) or the operator (at the command line) may do with
// anyone's tokens: list them and revoke them, one or all that match.
import type { Origin } from '../audit/audit-log.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { AccessTokenRow, TokenKindColumn } from '../db/schema.js';
import { AppError, invalid, notFound } from '../errors.js';
import type { UserRepository } from '../users/user-repository.js';
import type { AccessTokenRepository, TokenFilter } from './access-token-repository.js';
import type { Revocation, Why } from './revocation.js';

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

/**
 * Who manages tokens: an instance admin, signed in, through the API; or `cli`, the operator at the
 * command line, whose authority is access to the store itself.
 */
export type Operator = Principal | 'cli';

const view = (row: AccessTokenRow): AdminTokenView => ({
  id: row.id,
  kind: row.kind,
  userId: row.user_id,
  name: row.name,
  expiredTime: row.expired_time,
  createdTime: row.created_time,
  ...(row.last_used_time !== null ? { lastUsedTime: row.last_used_time } : {}),
});

/** How a revocation is audited: by the admin who asked, or by the command line. */
const why = (operator: Operator): Why => (operator === 'cli' ? { actor: null, detail: { by: 'cli' } } : { actor: operator, detail: { by: 'admin' } });

export class AdminTokenService {
  constructor(
    private readonly tokens: AccessTokenRepository,
    private readonly users: UserRepository,
    private readonly revocation: Revocation,
  ) {}

  private async requireAdmin(operator: Operator): Promise<void> {
    if (operator === 'cli') return;
    const user = isPerson(operator) ? await this.users.findById(operator.userId) : undefined;
    if (user?.is_admin !== 1) throw new AppError('restricted_resource', 'only an instance admin, signed in, may do this');
  }

  async list(operator: Operator, filter: TokenFilter, skip: number, take: number): Promise<{ tokens: AdminTokenView[]; total: number }> {
    await this.requireAdmin(operator);
    const { rows, total } = await this.tokens.page(filter, skip, take);
    return { tokens: rows.map(view), total };
  }

  /** Every live token that matches, read in batches (for a listing of any length). */
  async *all(operator: Operator, filter: TokenFilter): AsyncGenerator<AdminTokenView> {
    await this.requireAdmin(operator);
    for (let afterNum = 0; ; ) {
      const rows = await this.tokens.listLive(filter, afterNum, 1000);
      yield* rows.map(view);
      if (rows.length < 1000) return;
      afterNum = rows.at(-1)!.num;
    }
  }

  async revoke(operator: Operator, id: string, origin: Origin): Promise<void> {
    await this.requireAdmin(operator);
    const row = await this.tokens.findById(id);
    if (!row) throw notFound('token');
    await this.revocation.token(row, origin, why(operator));
  }

  /**
   * Revokes every live token of a user, of a kind, or of both (never all of them at once: name
   * one); `onProgress` hears each one revoked. Returns how many were.
   */
  async revokeMatching(operator: Operator, filter: TokenFilter, origin: Origin, onProgress?: (done: number, total: number) => void): Promise<number> {
    await this.requireAdmin(operator);
    if (filter.kind === undefined && filter.userId === undefined) throw invalid('filter', 'name a user, a kind, or both');
    return this.revocation.tokensMatching(filter, origin, why(operator), onProgress);
  }
}
