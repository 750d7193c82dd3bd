// The audit log: who did what to which credential, when, from which address and user agent; never
// a secret. Failed authentications are coalesced per credential and address (one row an hour that
// counts them), so a flood cannot grow the log without bound; they are counted in memory and
// written behind. Events older than the retention (TESSERA_AUDIT_DAYS) are purged hourly.
import { isPerson, type Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import { newId } from '../crypto/ids.js';
import type { AuditEventRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { UserRepository } from '../users/user-repository.js';
import type { AuditFilter, AuditRepository } from './audit-repository.js';

export const AUDIT_ACTIONS = [
  'user.create',
  'user.disable',
  'user.enable',
  'session.create',
  'session.revoke',
  'token.create',
  'token.update',
  'token.refresh',
  'token.delete',
  'token.revoke',
  'plugin.create',
  'plugin.update',
  'plugin.secret_regenerate',
  'plugin.delete',
  'plugin.install',
  'plugin.uninstall',
  'plugin.code_issue',
  'plugin.token_issue',
  'plugin.token_refresh',
  'plugin.refresh_reuse',
  'base_token.issue',
  'share_link.create',
  'share_link.delete',
  'share_link.use',
  'keys.rotate',
  'policy.update',
  'leak.report',
  'auth.failed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Where a request came from; the routes fill it in, services pass it on. */
export interface Origin {
  readonly address: string | null;
  readonly userAgent: string | null;
}

/** For acts done outside any request (the CLI, timers). */
export const LOCAL_ORIGIN: Origin = { address: null, userAgent: 'tessera-cli' };

type DetailValue = string | number | boolean | null | readonly string[];

export interface AuditEntry {
  readonly action: AuditAction;
  /** Who acted, by the credential they acted with; or an explicit user id; absent: nobody known. */
  readonly actor?: Principal | { readonly userId: string; readonly credentialId: string | null } | null;
  /** Whose credential or account the event concerns (defaults to the actor). */
  readonly userId?: string | null;
  readonly credentialId?: string | null;
  readonly credentialKind?: string | null;
  /** Facts that are not secrets: names, scopes, ids, where a leak was found. */
  readonly detail?: Readonly<Record<string, DetailValue>>;
}

/** The audit fields that name a token row: its owner, id and kind. */
export function tokenSubject(row: { readonly id: string; readonly user_id: string; readonly kind: string }): { userId: string; credentialId: string; credentialKind: string } {
  return { userId: row.user_id, credentialId: row.id, credentialKind: row.kind };
}

export interface AuditView {
  id: string;
  time: string;
  lastTime: string;
  count: number;
  action: string;
  actorId: string | null;
  actorCredentialId: string | null;
  userId: string | null;
  credentialId: string | null;
  credentialKind: string | null;
  address: string | null;
  userAgent: string | null;
  detail: Record<string, unknown> | null;
}

const COALESCE_MS = 3_600_000;
const PURGE_EVERY_MS = 3_600_000;
const FLUSH_EVERY_MS = 1000;
const MAX_TEXT = 512;

const clip = (text: string | null): string | null => (text === null ? null : text.slice(0, MAX_TEXT));

function view(row: AuditEventRow): AuditView {
  return {
    id: row.id,
    time: row.time,
    lastTime: row.last_time,
    count: row.count,
    action: row.action,
    actorId: row.actor_id,
    actorCredentialId: row.actor_credential_id,
    userId: row.user_id,
    credentialId: row.credential_id,
    credentialKind: row.credential_kind,
    address: row.address,
    userAgent: row.user_agent,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
  };
}

export interface Failure {
  readonly key: string;
  readonly credentialId: string | null;
  readonly userId: string | null;
  readonly kind: string | null;
  readonly reason: string;
}

interface Counted {
  readonly failure: Failure;
  readonly origin: Origin;
  count: number;
  readonly first: string;
  last: string;
}

/** Past this many distinct credential-and-address pairs in one second, the rest are counted together. */
const MAX_PENDING = 10_000;
const OVERFLOW_KEY = 'overflow|';
const OVERFLOW: Failure = { key: 'overflow', credentialId: null, userId: null, kind: null, reason: 'many' };

/** The row of an event that happened `span.count` times from `span.first` to `span.last`. */
function eventRow(origin: Origin, entry: AuditEntry, span: { first: string; last: string; count: number; key: string | null }): AuditEventRow {
  const actor = entry.actor ?? null;
  return {
    id: newId('aud'),
    time: span.first,
    last_time: span.last,
    count: span.count,
    action: entry.action,
    actor_id: actor?.userId ?? null,
    actor_credential_id: actor?.credentialId ?? null,
    user_id: entry.userId !== undefined ? entry.userId : (actor?.userId ?? null),
    credential_id: entry.credentialId ?? null,
    credential_kind: entry.credentialKind ?? null,
    address: clip(origin.address),
    user_agent: clip(origin.userAgent),
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    coalesce_key: span.key,
  };
}

export class AuditLog {
  private purgeTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private pending = new Map<string, Counted>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: AuditRepository,
    private readonly users: UserRepository,
    private readonly config: Pick<Config, 'auditDays'>,
    /** An audit write that fails is reported here; it never fails the act it records. */
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async record(origin: Origin, entry: AuditEntry): Promise<void> {
    const at = new Date(this.now()).toISOString();
    try {
      await this.events.insert(eventRow(origin, entry, { first: at, last: at, count: 1, key: null }));
    } catch (error) {
      this.onError(error);
    }
  }

  /**
   * A failed authentication, counted in memory per credential and address and written behind
   * (every second, and at shutdown): refusing garbage never waits on the store. `key` names the
   * credential without its secret (its id when the store knows it, else its kind).
   */
  failure(origin: Origin, failure: Failure): void {
    const at = new Date(this.now()).toISOString();
    let coalesceKey = `${failure.key}|${origin.address ?? ''}`;
    if (!this.pending.has(coalesceKey) && this.pending.size >= MAX_PENDING) coalesceKey = OVERFLOW_KEY;
    const seen = this.pending.get(coalesceKey);
    if (seen) {
      seen.count += 1;
      seen.last = at;
    } else {
      const overflow = coalesceKey === OVERFLOW_KEY;
      this.pending.set(coalesceKey, { failure: overflow ? OVERFLOW : failure, origin: overflow ? { address: null, userAgent: null } : origin, count: 1, first: at, last: at });
    }
  }

  /** Writes the counted failures: onto their key's row begun within the hour, or a new one. */
  flush(): Promise<void> {
    // One flush at a time, so that two never both insert the row for one key.
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    for (const [key, seen] of batch) {
      try {
        const since = new Date(Date.parse(seen.first) - COALESCE_MS).toISOString();
        if (await this.events.bump(key, since, seen.last, seen.count)) continue;
        const { failure } = seen;
        const entry: AuditEntry = { action: 'auth.failed', userId: failure.userId, credentialId: failure.credentialId, credentialKind: failure.kind, detail: { reason: failure.reason } };
        await this.events.insert(eventRow(seen.origin, entry, { first: seen.first, last: seen.last, count: seen.count, key }));
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** The caller's own events (done by them or concerning their credentials); an admin's: anyone's. */
  async page(principal: Principal, filter: Omit<AuditFilter, 'userId'> & { userId?: string | undefined }, skip: number, take: number): Promise<{ events: AuditView[]; total: number }> {
    const me = isPerson(principal) ? await this.users.findById(principal.userId) : undefined;
    if (!me) throw new AppError('restricted_resource', 'the audit log is read by a signed-in person, not with a token');
    if (me.is_admin !== 1 && filter.userId !== undefined && filter.userId !== me.id) {
      throw new AppError('restricted_resource', "only an instance admin may read another user's events");
    }
    const userId = me.is_admin === 1 ? filter.userId : me.id;
    const from = this.retentionStart();
    const { rows, total } = await this.events.page({ ...filter, userId, from: filter.from !== undefined && filter.from > from ? filter.from : from }, skip, take);
    return { events: rows.map(view), total };
  }

  /** The latest `limit` events, anyone's, oldest first: the operator's view (`tessera audit tail`). */
  async latest(limit: number): Promise<AuditView[]> {
    return (await this.events.latest(limit)).map(view).reverse();
  }

  /** Up to `limit` events, anyone's, begun at or after `from` (ISO), oldest first: for following the log. */
  async since(from: string, limit: number): Promise<AuditView[]> {
    return (await this.events.since(from, limit)).map(view);
  }

  private retentionStart(): string {
    return new Date(this.now() - this.config.auditDays * 86_400_000).toISOString();
  }

  /** Deletes what is older than the retention; returns how many events went. */
  purge(): Promise<number> {
    return this.events.purge(this.retentionStart());
  }

  start(): void {
    const purge = (): void => void this.purge().catch(this.onError);
    purge();
    this.purgeTimer = setInterval(purge, PURGE_EVERY_MS).unref();
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  /** Stops the timers and writes what is still counted. */
  async stop(): Promise<void> {
    clearInterval(this.purgeTimer);
    clearInterval(this.flushTimer);
    await this.flush();
  }
}
