import type { Kysely } from 'kysely';
import type { Database, SessionRow } from '../db/schema.js';

export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  findByDigest(digest: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('secret_digest', '=', digest).executeTakeFirst();
  }

  findById(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_time: at }).where('id', '=', id).where('revoked_time', 'is', null).execute();
  }
}
