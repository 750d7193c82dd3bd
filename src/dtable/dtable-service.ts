// SeaTable's data server over Tessera's tables and records: tables by name, rows keyed by column
// name with `_id`. Every call goes through the same record and table services, with the Principal
// that a base access token resolved to, so the same permission model decides.
import type { Principal } from '../auth/principal.js';
import type { BaseRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Cells, RecordService, RecordView } from '../records/record-service.js';
import type { LocatedTable, TableRepository } from '../tables/table-repository.js';
import type { TableService } from '../tables/table-service.js';

const COLUMN_TYPES: Record<string, string> = {
  singleLineText: 'text',
  longText: 'long-text',
  number: 'number',
  checkbox: 'checkbox',
  date: 'date',
};

export type Row = Record<string, unknown> & { _id: string; _ctime: string; _mtime: string };

function row(record: RecordView): Row {
  return { _id: record.id, _ctime: record.createdTime, _mtime: record.lastModifiedTime, ...record.fields };
}

/** Drops SeaTable's system keys from an incoming row (`_id`, `_ctime`, ...). */
function cells(input: Record<string, unknown>): Cells {
  return Object.fromEntries(Object.entries(input).filter(([key]) => !key.startsWith('_')));
}

export class DtableService {
  constructor(
    private readonly tableRepository: TableRepository,
    private readonly tables: TableService,
    private readonly records: RecordService,
  ) {}

  async metadata(principal: Principal, base: BaseRow): Promise<{ metadata: { tables: { _id: string; name: string; columns: { key: string; name: string; type: string }[] }[] } }> {
    const list = await this.tables.list(principal, base.id);
    const tables = [];
    for (const table of list) {
      const fields = await this.tables.fields(table.id);
      tables.push({ _id: table.id, name: table.name, columns: fields.map((f) => ({ key: f.id, name: f.name, type: COLUMN_TYPES[f.type] ?? f.type })) });
    }
    return { metadata: { tables } };
  }

  private async table(principal: Principal, base: BaseRow, name: string | undefined): Promise<LocatedTable> {
    if (name === undefined || name === '') throw new AppError('validation_error', 'table_name invalid.');
    const table = await this.tableRepository.findByName(base.id, name, principal.userId);
    if (!table) throw new AppError('not_found', `table ${name} not found.`);
    return table;
  }

  async listRows(principal: Principal, base: BaseRow, query: { table_name?: string | undefined; start?: number | undefined; limit?: number | undefined }): Promise<Row[]> {
    const table = await this.table(principal, base, query.table_name);
    const records = await this.records.list(principal, table, { skip: query.start ?? 0, take: Math.min(query.limit ?? 1000, 1000) });
    return records.map(row);
  }

  async getRow(principal: Principal, base: BaseRow, tableName: string | undefined, rowId: string): Promise<Row> {
    const table = await this.table(principal, base, tableName);
    return row(await this.records.get(principal, table, rowId));
  }

  async appendRows(principal: Principal, base: BaseRow, tableName: string | undefined, rows: Record<string, unknown>[]): Promise<Row[]> {
    const table = await this.table(principal, base, tableName);
    return (await this.records.create(principal, table, { records: rows.map((r) => ({ fields: cells(r) })) })).map(row);
  }

  async updateRow(principal: Principal, base: BaseRow, tableName: string | undefined, rowId: string, input: Record<string, unknown>): Promise<Row> {
    const table = await this.table(principal, base, tableName);
    return row(await this.records.update(principal, table, rowId, { fields: cells(input) }));
  }

  /** Several rows changed at once, all or none (v2's `updates`). */
  async updateRows(principal: Principal, base: BaseRow, tableName: string | undefined, updates: readonly { row_id: string; row: Record<string, unknown> }[]): Promise<void> {
    const table = await this.table(principal, base, tableName);
    await this.records.updateMany(principal, table, updates.map((u) => ({ recordId: u.row_id, fields: cells(u.row) })), 'updates');
  }

  /** Several rows deleted at once, all or none; returns how many. */
  async deleteRows(principal: Principal, base: BaseRow, tableName: string | undefined, rowIds: string[]): Promise<number> {
    const table = await this.table(principal, base, tableName);
    return this.records.deleteMany(principal, table, rowIds);
  }
}
