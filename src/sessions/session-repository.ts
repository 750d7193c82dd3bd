import type { Kysely } from 'kysely';
import { CompiledLookup } from '../db/compiled-query.js';
import type { Database, SessionRow } from '../db/schema.js';

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

  async revoke(id: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_time: at }).where('id', '=', id).where('revoked_time', 'is', null).execute();
  }
}
