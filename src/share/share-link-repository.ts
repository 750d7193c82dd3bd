import type { Kysely } from 'kysely';
import type { Database, ShareLinkRow } from '../db/schema.js';

export class ShareLinkRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ShareLinkRow): Promise<void> {
    await this.db.insertInto('share_links').values(row).execute();
  }

  findById(id: string): Promise<ShareLinkRow | undefined> {
    return this.db.selectFrom('share_links').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByDigest(digest: string): Promise<ShareLinkRow | undefined> {
    return this.db.selectFrom('share_links').selectAll().where('secret_digest', '=', digest).executeTakeFirst();
  }

  listOnBase(baseId: string): Promise<ShareLinkRow[]> {
    return this.db.selectFrom('share_links').selectAll().where('base_id', '=', baseId).orderBy('created_time').orderBy('id').execute();
  }

  /** The links a user made, on any base. */
  listCreatedBy(userId: string): Promise<ShareLinkRow[]> {
    return this.db.selectFrom('share_links').selectAll().where('created_by', '=', userId).orderBy('created_time').orderBy('id').execute();
  }

  /** Deletes the link; false when it was gone already. */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('share_links').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
