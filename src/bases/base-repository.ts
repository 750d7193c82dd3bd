import type { Kysely } from 'kysely';
import { CompiledLookup } from '../db/compiled-query.js';
import type { BaseRow, Database } from '../db/schema.js';
import type { SequenceRepository } from '../db/sequence-repository.js';

/** A base with the reader's role in its space (null: not a member), read at once. */
export interface LocatedBase extends BaseRow {
  role: string | null;
}

export class BaseRepository {
  /** Read by every data-server request: compiled once. */
  private readonly byUuid: CompiledLookup<BaseRow>;
  private readonly byId: CompiledLookup<BaseRow>;
  private readonly located: CompiledLookup<LocatedBase>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly sequences: SequenceRepository,
  ) {
    this.byUuid = new CompiledLookup(db, db.selectFrom('bases').selectAll().where('uuid', '=', ''));
    this.byId = new CompiledLookup(db, db.selectFrom('bases').selectAll().where('id', '=', ''));
    // As TableRepository.locate: the reader's membership joins in, its user id the first parameter.
    this.located = new CompiledLookup(
      db,
      db
        .selectFrom('bases')
        .leftJoin('space_members', (join) => join.onRef('space_members.space_id', '=', 'bases.space_id').on('space_members.user_id', '=', ''))
        .selectAll('bases')
        .select('space_members.role')
        .where('bases.id', '=', ''),
    );
  }

  async insert(fields: Omit<BaseRow, 'num'>): Promise<BaseRow> {
    const base = { ...fields, num: await this.sequences.next('bases') };
    await this.db.insertInto('bases').values(base).execute();
    return base;
  }

  findByUuid(uuid: string): Promise<BaseRow | undefined> {
    return this.byUuid.first(uuid);
  }

  findByName(spaceId: string, name: string): Promise<BaseRow | undefined> {
    return this.db.selectFrom('bases').selectAll().where('space_id', '=', spaceId).where('name', '=', name).executeTakeFirst();
  }

  /** The names of a space's bases that start with `prefix`. */
  async namesLike(spaceId: string, prefix: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('bases').select('name').where('space_id', '=', spaceId).execute();
    return new Set(rows.map((r) => r.name).filter((n) => n.startsWith(prefix)));
  }

  findById(id: string): Promise<BaseRow | undefined> {
    return this.byId.first(id);
  }

  /** The base and `readerId`'s role in its space (for permission checks). */
  locate(id: string, readerId: string): Promise<LocatedBase | undefined> {
    return this.located.first(readerId, id);
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
