import type { Kysely } from 'kysely';
import { CompiledLookup } from '../db/compiled-query.js';
import type { Database, RecordRow } from '../db/schema.js';

export class RecordRepository {
  /** Read by every record request: compiled once (parameters: table, record; table, take, skip). */
  private readonly byId: CompiledLookup<RecordRow>;
  private readonly page: CompiledLookup<RecordRow>;

  constructor(private readonly db: Kysely<Database>) {
    this.byId = new CompiledLookup(db, db.selectFrom('records').selectAll().where('table_id', '=', '').where('id', '=', ''));
    this.page = new CompiledLookup(
      db,
      db.selectFrom('records').selectAll().where('table_id', '=', '').orderBy('created_time').orderBy('batch_position').orderBy('id').limit(0).offset(0),
    );
  }

  async insertMany(rows: readonly RecordRow[]): Promise<void> {
    // Chunked to stay below SQLite's bound-parameter limit; one transaction keeps it all-or-nothing.
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 100) {
        await tx.insertInto('records').values(rows.slice(i, i + 100)).execute();
      }
    });
  }

  find(tableId: string, recordId: string): Promise<RecordRow | undefined> {
    return this.byId.first(tableId, recordId);
  }

  list(tableId: string, skip: number, take: number): Promise<RecordRow[]> {
    return this.page.all(tableId, take, skip);
  }

  async update(tableId: string, recordId: string, cells: string, at: string): Promise<void> {
    await this.db
      .updateTable('records')
      .set({ cells, last_modified_time: at })
      .where('table_id', '=', tableId)
      .where('id', '=', recordId)
      .execute();
  }

  /** New cells for several records of a table, in one transaction: all or none. */
  async updateMany(tableId: string, changes: readonly { id: string; cells: string }[], at: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const change of changes) {
        await tx.updateTable('records').set({ cells: change.cells, last_modified_time: at }).where('table_id', '=', tableId).where('id', '=', change.id).execute();
      }
    });
  }

  /** Deletes several records of a table, in one transaction: all of them, or none (false) when one is missing. */
  async deleteMany(tableId: string, recordIds: readonly string[]): Promise<boolean> {
    const missing = new Error('a record is missing');
    try {
      await this.db.transaction().execute(async (tx) => {
        let deleted = 0;
        for (let i = 0; i < recordIds.length; i += 100) {
          const result = await tx.deleteFrom('records').where('table_id', '=', tableId).where('id', 'in', recordIds.slice(i, i + 100)).executeTakeFirst();
          deleted += Number(result.numDeletedRows);
        }
        if (deleted !== recordIds.length) throw missing;
      });
      return true;
    } catch (error) {
      if (error === missing) return false;
      throw error;
    }
  }

  async delete(tableId: string, recordId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('records').where('table_id', '=', tableId).where('id', '=', recordId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
