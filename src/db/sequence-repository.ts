// Integer sequences for alternate keys, portable across both dialects: one atomic upsert that
// returns the next value, correct under concurrency.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type SequenceName = 'users' | 'access_tokens' | 'spaces' | 'bases';

export class SequenceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async next(name: SequenceName): Promise<number> {
    const row = await this.db
      .insertInto('sequences')
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('sequences.value', '+', 1) })))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }
}
