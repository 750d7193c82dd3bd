import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import type { SequenceRepository } from '../db/sequence-repository.js';

export class UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sequences: SequenceRepository,
  ) {}

  findByNum(num: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('num', '=', num).executeTakeFirst();
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findManyByIds(ids: readonly string[]): Promise<UserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  /** Up to `limit` users by integer key after `afterNum` (to walk them all in batches). */
  listAfter(afterNum: number, limit: number): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().where('num', '>', afterNum).orderBy('num').limit(limit).execute();
  }

  /** Marks the account disabled at `at`, or active again with null; false when it already was. */
  async setDisabled(id: string, at: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ disabled_time: at })
      .where('id', '=', id)
      .where('disabled_time', at === null ? 'is not' : 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Inserts the user; the first user of the instance becomes its admin. One transaction takes the
   * user number (locking the sequence's row until it commits) and then inserts: simultaneous
   * sign-ups are serialised on that row, so each one's "no user yet?" sees those before it, and
   * exactly one account becomes the admin (on PostgreSQL, two statements side by side would each
   * see an empty table).
   */
  async insert(user: Omit<UserRow, 'is_admin' | 'num' | 'disabled_time'>, admin: boolean): Promise<UserRow> {
    await this.db.transaction().execute(async (tx) => this.insertNumbered(tx, user, admin));
    return (await this.findById(user.id))!;
  }

  private async insertNumbered(tx: Kysely<Database>, user: Omit<UserRow, 'is_admin' | 'num' | 'disabled_time'>, admin: boolean): Promise<void> {
    const num = await this.sequences.next('users', tx);
    await tx
      .insertInto('users')
      .columns(['id', 'num', 'email', 'name', 'avatar', 'password_hash', 'is_admin', 'created_time'])
      .expression(
        tx.selectNoFrom((eb) => [
          eb.val(user.id).as('id'),
          eb.val(num).as('num'),
          eb.val(user.email).as('email'),
          eb.val(user.name).as('name'),
          eb.val(user.avatar).as('avatar'),
          eb.val(user.password_hash).as('password_hash'),
          (admin
            ? eb.lit(1)
            : eb.case().when(eb.not(eb.exists(eb.selectFrom('users').select('id')))).then(1).else(0).end()
          ).as('is_admin'),
          eb.val(user.created_time).as('created_time'),
        ]),
      )
      .execute();
  }
}
