import type { Kysely } from 'kysely';
import type { BaseRow, Database } from '../db/schema.js';

export class BaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(base: BaseRow): Promise<void> {
    await this.db.insertInto('bases').values(base).execute();
  }

  findById(id: string): Promise<BaseRow | undefined> {
    return this.db.selectFrom('bases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listInSpace(spaceId: string): Promise<BaseRow[]> {
    return this.db.selectFrom('bases').selectAll().where('space_id', '=', spaceId).orderBy('created_time').orderBy('id').execute();
  }

  /** The bases among `ids` that lie in spaces where the user is a member. */
  listVisible(ids: readonly string[], userId: string): Promise<BaseRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('bases')
      .innerJoin('space_members', 'space_members.space_id', 'bases.space_id')
      .selectAll('bases')
      .where('bases.id', 'in', ids)
      .where('space_members.user_id', '=', userId)
      .execute();
  }

  async update(id: string, changes: { name?: string; icon?: string | null }): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db.updateTable('bases').set(changes).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('bases').where('id', '=', id).execute();
  }
}
