// Lifetime policies: an instance admin caps how long new tokens of a kind may live. The cap
// applies when a token is made or refreshed (a shorter expiry is refused, or given by default);
// tokens that exist keep their expiry, and an admin revokes them if need be.
import type { AuditLog, Origin } from '../audit/audit-log.js';
import { isPerson, type Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { UserRepository } from '../users/user-repository.js';
import type { TokenPolicyRepository } from './token-policy-repository.js';

export const POLICY_KINDS = ['personal_access_token', 'user_personal_token', 'base_api_token', 'share_link'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface PolicyView {
  kind: PolicyKind;
  /** The admin's cap, in days; null: none set. */
  maxLifetimeDays: number | null;
  /** The longest lifetime a new token of this kind may have now (the cap and the configuration); null: unlimited. */
  effectiveMaxDays: number | null;
  updatedBy: string | null;
  updatedTime: string | null;
}

export class TokenPolicyService {
  constructor(
    private readonly policies: TokenPolicyRepository,
    private readonly users: UserRepository,
    private readonly config: Pick<Config, 'tokenMaxDays' | 'personalTokenDays'>,
    private readonly audit: AuditLog,
  ) {}

  /** What the configuration alone allows (null: no limit). */
  private configured(kind: PolicyKind): number | null {
    if (kind === 'personal_access_token') return this.config.tokenMaxDays;
    if (kind === 'user_personal_token') return this.config.personalTokenDays;
    return null;
  }

  private effective(kind: PolicyKind, cap: number | null): number | null {
    const configured = this.configured(kind);
    if (cap === null) return configured;
    return configured === null ? cap : Math.min(cap, configured);
  }

  /** The longest lifetime, in days, of a new token of this kind; null: unlimited. */
  async maxDays(kind: PolicyKind): Promise<number | null> {
    return this.effective(kind, (await this.policies.find(kind))?.max_lifetime_days ?? null);
  }

  async list(): Promise<PolicyView[]> {
    const rows = new Map((await this.policies.list()).map((row) => [row.kind, row]));
    return POLICY_KINDS.map((kind) => {
      const row = rows.get(kind);
      const cap = row?.max_lifetime_days ?? null;
      return { kind, maxLifetimeDays: cap, effectiveMaxDays: this.effective(kind, cap), updatedBy: row?.updated_by ?? null, updatedTime: row?.updated_time ?? null };
    });
  }

  /** Sets (or, with null, removes) the cap on one kind; an instance admin's act, audited. */
  async set(principal: Principal, kind: PolicyKind, days: number | null, origin: Origin): Promise<PolicyView> {
    const user = isPerson(principal) ? await this.users.findById(principal.userId) : undefined;
    if (user?.is_admin !== 1) throw new AppError('restricted_resource', 'only an instance admin, signed in, may set token policies');
    if (days === null) await this.policies.delete(kind);
    else await this.policies.upsert({ kind, max_lifetime_days: days, updated_by: user.id, updated_time: new Date().toISOString() });
    await this.audit.record(origin, { action: 'policy.update', actor: principal, detail: { kind, maxLifetimeDays: days } });
    return (await this.list()).find((view) => view.kind === kind)!;
  }
}
