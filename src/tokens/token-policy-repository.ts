import type { Kysely } from 'kysely';
import type { Database, TokenPolicyRow } from '../db/schema.js';

/** The admin's lifetime caps, one row per kind that has one. */
export class TokenPolicyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(): Promise<TokenPolicyRow[]> {
    return this.db.selectFrom('token_policies').selectAll().orderBy('kind').execute();
  }

  find(kind: string): Promise<TokenPolicyRow | undefined> {
    return this.db.selectFrom('token_policies').selectAll().where('kind', '=', kind).executeTakeFirst();
  }

  async upsert(row: TokenPolicyRow): Promise<void> {
    await this.db
      .insertInto('token_policies')
      .values(row)
      .onConflict((oc) => oc.column('kind').doUpdateSet({ max_lifetime_days: row.max_lifetime_days, updated_by: row.updated_by, updated_time: row.updated_time }))
      .execute();
  }

  async delete(kind: string): Promise<void> {
    await this.db.deleteFrom('token_policies').where('kind', '=', kind).execute();
  }
}
