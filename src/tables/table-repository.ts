import type { Kysely } from 'kysely';
import { CompiledLookup } from '../db/compiled-query.js';
import type { DataTableRow, Database, FieldRow } from '../db/schema.js';

/** A table with the space it lies in and the reader's role there (null: not a member), read at once. */
export interface LocatedTable extends DataTableRow {
  space_id: string;
  role: string | null;
}

export class TableRepository {
  /** Read by every data-API request: compiled once. */
  private readonly located: CompiledLookup<LocatedTable>;
  private readonly byName: CompiledLookup<LocatedTable>;
  private readonly fieldsOf: CompiledLookup<FieldRow>;

  constructor(private readonly db: Kysely<Database>) {
    // The reader's membership joins in, so that the permission check needs no read of its own;
    // its user id is the compiled query's first parameter (the join comes before the conditions).
    const withSpaceAndRole = db
      .selectFrom('data_tables')
      .innerJoin('bases', 'bases.id', 'data_tables.base_id')
      .leftJoin('space_members', (join) => join.onRef('space_members.space_id', '=', 'bases.space_id').on('space_members.user_id', '=', ''))
      .selectAll('data_tables')
      .select(['bases.space_id', 'space_members.role']);
    this.located = new CompiledLookup(db, withSpaceAndRole.where('data_tables.id', '=', ''));
    this.byName = new CompiledLookup(db, withSpaceAndRole.where('data_tables.base_id', '=', '').where('data_tables.name', '=', '').orderBy('data_tables.created_time'));
    this.fieldsOf = new CompiledLookup(db, db.selectFrom('fields').selectAll().where('table_id', '=', '').orderBy('position'));
  }

  async insert(table: DataTableRow, fields: readonly FieldRow[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('data_tables').values(table).execute();
      if (fields.length > 0) await tx.insertInto('fields').values([...fields]).execute();
    });
  }

  /** The table with the space it lies in and `readerId`'s role there (for permission checks). */
  locate(tableId: string, readerId: string): Promise<LocatedTable | undefined> {
    return this.located.first(readerId, tableId);
  }

  /** The base's table of this name (the oldest, if several), like `locate`. */
  findByName(baseId: string, name: string, readerId: string): Promise<LocatedTable | undefined> {
    return this.byName.first(readerId, baseId, name);
  }

  listInBase(baseId: string): Promise<DataTableRow[]> {
    return this.db.selectFrom('data_tables').selectAll().where('base_id', '=', baseId).orderBy('created_time').orderBy('id').execute();
  }

  fields(tableId: string): Promise<FieldRow[]> {
    return this.fieldsOf.all(tableId);
  }

  async delete(tableId: string): Promise<void> {
    await this.db.deleteFrom('data_tables').where('id', '=', tableId).execute();
  }
}
