import type { Kysely } from 'kysely';
import type { Database, JwtKeyRow } from '../db/schema.js';

export class KeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(): Promise<JwtKeyRow[]> {
    return this.db.selectFrom('jwt_keys').selectAll().orderBy('created_time').orderBy('kid').execute();
  }

  async insert(row: JwtKeyRow): Promise<void> {
    await this.db.insertInto('jwt_keys').values(row).execute();
  }

  /** Retires every signing key but `keep`. */
  async retireAllBut(keep: string, at: string): Promise<void> {
    await this.db.updateTable('jwt_keys').set({ retired_time: at }).where('kid', '!=', keep).where('retired_time', 'is', null).execute();
  }

  /** Forgets keys retired before `before` (their tokens have all expired). */
  async deleteRetiredBefore(before: string): Promise<void> {
    await this.db.deleteFrom('jwt_keys').where('retired_time', 'is not', null).where('retired_time', '<', before).execute();
  }
}
