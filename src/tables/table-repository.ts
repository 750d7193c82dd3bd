import type { Kysely } from 'kysely';
import type { DataTableRow, Database, FieldRow } from '../db/schema.js';

export interface LocatedTable extends DataTableRow {
  space_id: string;
}

export class TableRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(table: DataTableRow, fields: readonly FieldRow[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('data_tables').values(table).execute();
      if (fields.length > 0) await tx.insertInto('fields').values([...fields]).execute();
    });
  }

  /** The table with the space it lies in (for permission checks). */
  async locate(tableId: string): Promise<LocatedTable | undefined> {
    return this.db
      .selectFrom('data_tables')
      .innerJoin('bases', 'bases.id', 'data_tables.base_id')
      .selectAll('data_tables')
      .select('bases.space_id')
      .where('data_tables.id', '=', tableId)
      .executeTakeFirst();
  }

  findByName(baseId: string, name: string): Promise<DataTableRow | undefined> {
    return this.db.selectFrom('data_tables').selectAll().where('base_id', '=', baseId).where('name', '=', name).orderBy('created_time').executeTakeFirst();
  }

  listInBase(baseId: string): Promise<DataTableRow[]> {
    return this.db.selectFrom('data_tables').selectAll().where('base_id', '=', baseId).orderBy('created_time').orderBy('id').execute();
  }

  fields(tableId: string): Promise<FieldRow[]> {
    return this.db.selectFrom('fields').selectAll().where('table_id', '=', tableId).orderBy('position').execute();
  }

  async delete(tableId: string): Promise<void> {
    await this.db.deleteFrom('data_tables').where('id', '=', tableId).execute();
  }
}
