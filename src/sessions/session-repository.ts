import type { Kysely } from 'kysely';
import { CompiledLookup } from '../db/compiled-query.js';
import type { Database, SessionRow } from '../db/schema.js';

/** How a session row's kind is named elsewhere (audit events, metrics, the API): a browser session or an account token. */
export function credentialKindOf(kind: SessionRow['kind']): 'session' | 'account_token' {
  return kind === 'cookie' ? 'session' : 'account_token';
}

export class SessionRepository {
  /** The verification path's lookups, compiled once. */
  private readonly byDigest: CompiledLookup<SessionRow>;
  private readonly byId: CompiledLookup<SessionRow>;

  constructor(private readonly db: Kysely<Database>) {
    this.byDigest = new CompiledLookup(db, db.selectFrom('sessions').selectAll().where('secret_digest', '=', ''));
    this.byId = new CompiledLookup(db, db.selectFrom('sessions').selectAll().where('id', '=', ''));
  }

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  findByDigest(digest: string): Promise<SessionRow | undefined> {
    return this.byDigest.first(digest);
  }

  findById(id: string): Promise<SessionRow | undefined> {
    return this.byId.first(id);
  }

  /** A user's sessions and account tokens that are neither revoked nor expired, newest first. */
  listLive(userId: string, now: string): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_time', 'is', null)
      .where('expires_time', '>', now)
      .orderBy('created_time', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** How many sessions and account tokens are live, expired or revoked at `now` (for the metrics). */
  async countStates(now: string): Promise<{ kind: string; state: 'live' | 'expired' | 'revoked'; count: number }[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .select((eb) => [
        'kind',
        eb.case().when('revoked_time', 'is not', null).then('revoked').when('expires_time', '<=', now).then('expired').else('live').end().as('state'),
        eb.fn.countAll<string | number>().as('count'),
      ])
      .groupBy(['kind', 'state'])
      .execute();
    return rows.map((r) => ({ kind: credentialKindOf(r.kind), state: r.state as 'live' | 'expired' | 'revoked', count: Number(r.count) }));
  }

  /** Revokes the session if it is live; false when it was not. */
  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('sessions').set({ revoked_time: at }).where('id', '=', id).where('revoked_time', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
