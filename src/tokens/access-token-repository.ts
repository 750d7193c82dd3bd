import type { Kysely } from 'kysely';
import type { AccessTokenRow, Database } from '../db/schema.js';

export type AccessTokenChanges = Partial<Pick<AccessTokenRow, 'name' | 'description' | 'scopes' | 'space_ids' | 'base_ids' | 'has_full_access'>>;

export class AccessTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: AccessTokenRow): Promise<void> {
    await this.db.insertInto('access_tokens').values(row).execute();
  }

  findByDigest(digest: string): Promise<AccessTokenRow | undefined> {
    return this.db.selectFrom('access_tokens').selectAll().where('secret_digest', '=', digest).executeTakeFirst();
  }

  /** A live (not revoked) token of this user. */
  findOwned(id: string, userId: string): Promise<AccessTokenRow | undefined> {
    return this.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_time', 'is', null)
      .executeTakeFirst();
  }

  listOwned(userId: string): Promise<AccessTokenRow[]> {
    return this.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_time', 'is', null)
      .orderBy('created_time', 'desc')
      .orderBy('id')
      .execute();
  }

  async update(id: string, changes: AccessTokenChanges): Promise<void> {
    await this.db.updateTable('access_tokens').set(changes).where('id', '=', id).where('revoked_time', 'is', null).execute();
  }

  /** Swaps the secret only if it is still the one read before (one conditional statement). */
  async rotate(id: string, oldDigest: string, newDigest: string, expiredTime: string): Promise<boolean> {
    const result = await this.db
      .updateTable('access_tokens')
      .set({ secret_digest: newDigest, expired_time: expiredTime })
      .where('id', '=', id)
      .where('secret_digest', '=', oldDigest)
      .where('revoked_time', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db.updateTable('access_tokens').set({ revoked_time: at }).where('id', '=', id).where('revoked_time', 'is', null).execute();
  }

  async setLastUsed(ids: readonly string[], at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.updateTable('access_tokens').set({ last_used_time: at }).where('id', 'in', ids.slice(i, i + 500)).execute();
    }
  }
}
