// Integer sequences for alternate keys, portable across both dialects: one atomic upsert that
// returns the next value, correct under concurrency.
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type SequenceName = 'users' | 'access_tokens' | 'spaces' | 'bases';

export class SequenceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The next value; within `tx`, the sequence's row stays locked until that transaction ends. */
  async next(name: SequenceName, tx: Kysely<Database> = this.db): Promise<number> {
    const row = await tx
      .insertInto('sequences')
      .values({ name, value: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('sequences.value', '+', 1) })))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }
}
