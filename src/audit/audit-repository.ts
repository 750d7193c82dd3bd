import type { Kysely } from 'kysely';
import type { AuditEventRow, Database } from '../db/schema.js';

export interface AuditFilter {
  /** Events the user did, or that concern the user's credentials; undefined: everyone's. */
  readonly userId?: string | undefined;
  readonly action?: string | undefined;
  readonly credentialId?: string | undefined;
  /** Events that happened in [from, to) (ISO); a coalesced event counts when any of it did. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const PURGE_BATCH = 5000;

/** The audit table: appends, coalesced counts, filtered pages, and the retention purge. */
export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: AuditEventRow): Promise<void> {
    await this.db.insertInto('audit_events').values(row).execute();
  }

  /** Adds `count` occurrences to the event under `key` begun since `since` (its hour); false if none. */
  async bump(key: string, since: string, at: string, count: number): Promise<boolean> {
    const result = await this.db
      .updateTable('audit_events')
      .set((eb) => ({ count: eb('count', '+', count), last_time: at }))
      .where('coalesce_key', '=', key)
      .where('time', '>=', since)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async page(filter: AuditFilter, offset: number, limit: number): Promise<{ rows: AuditEventRow[]; total: number }> {
    let query = this.db.selectFrom('audit_events');
    if (filter.userId !== undefined) {
      const userId = filter.userId;
      query = query.where((eb) => eb.or([eb('actor_id', '=', userId), eb('user_id', '=', userId)]));
    }
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    if (filter.credentialId !== undefined) query = query.where('credential_id', '=', filter.credentialId);
    if (filter.from !== undefined) query = query.where('last_time', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('time', '<', filter.to);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('time', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  /** The latest `limit` events, newest first. */
  latest(limit: number): Promise<AuditEventRow[]> {
    return this.db.selectFrom('audit_events').selectAll().orderBy('time', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** Up to `limit` events begun at or after `from` (ISO), oldest first. */
  since(from: string, limit: number): Promise<AuditEventRow[]> {
    return this.db.selectFrom('audit_events').selectAll().where('time', '>=', from).orderBy('time').orderBy('id').limit(limit).execute();
  }

  /**
   * Deletes the events last seen before `before`; returns how many. In batches found through the
   * time index (an event last seen before then began before then), so that each statement stays
   * short on a large table, within the store's statement timeout.
   */
  async purge(before: string, batch = PURGE_BATCH): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.db
        .deleteFrom('audit_events')
        .where('id', 'in', (eb) => eb.selectFrom('audit_events').select('id').where('time', '<', before).where('last_time', '<', before).orderBy('time').limit(batch))
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows);
      total += deleted;
      if (deleted < batch) return total;
    }
  }
}
