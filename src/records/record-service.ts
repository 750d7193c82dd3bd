// Records of a table, keyed by field name (default) or field id, checked against the declared fields.
import type { Action } from '../auth/actions.js';
import type { Principal } from '../auth/principal.js';
import { newId } from '../crypto/ids.js';
import type { FieldRow, RecordRow } from '../db/schema.js';
import { invalid, notFound } from '../errors.js';
import { checkCell, type FieldType } from '../tables/field-types.js';
import type { LocatedTable } from '../tables/table-repository.js';
import type { TableService } from '../tables/table-service.js';
import type { RecordRepository } from './record-repository.js';

export type FieldKeyType = 'name' | 'id';
export type Cells = Record<string, unknown>;

export interface RecordView {
  id: string;
  fields: Cells;
  createdTime: string;
  lastModifiedTime: string;
  createdBy: string;
}

export const MAX_RECORDS_PER_REQUEST = 1000;

/** A table by its id, or one already read for the caller (`TableRepository.findByName`), which is then not read again. */
export type TableRef = string | LocatedTable;

function parseCells(row: RecordRow): Cells {
  return JSON.parse(row.cells) as Cells;
}

function present(row: RecordRow, fields: readonly FieldRow[], keyType: FieldKeyType): RecordView {
  const cells = parseCells(row);
  const out: Cells = {};
  for (const field of fields) {
    const value = cells[field.id];
    if (value !== undefined && value !== null) out[keyType === 'id' ? field.id : field.name] = value;
  }
  return { id: row.id, fields: out, createdTime: row.created_time, lastModifiedTime: row.last_modified_time, createdBy: row.created_by };
}

/** Validates input cells against the table's fields; returns them keyed by field id. */
function checkCells(input: Cells, fields: readonly FieldRow[], keyType: FieldKeyType, path: string): Cells {
  const byKey = new Map(fields.map((f) => [keyType === 'id' ? f.id : f.name, f]));
  const out: Cells = {};
  for (const [key, value] of Object.entries(input)) {
    const field = byKey.get(key);
    if (!field) throw invalid(`${path}.${key}`, 'is not a field of this table');
    const checked = checkCell(field.type as FieldType, value);
    if ('error' in checked) throw invalid(`${path}.${key}`, checked.error);
    out[field.id] = checked.value;
  }
  return out;
}

export class RecordService {
  constructor(
    private readonly records: RecordRepository,
    private readonly tables: TableService,
  ) {}

  private async located(principal: Principal, action: Action, table: TableRef): Promise<LocatedTable> {
    return typeof table === 'string' ? await this.tables.locate(principal, action, table) : this.tables.authorize(principal, action, table);
  }

  async create(principal: Principal, table: TableRef, input: { records: { fields: Cells }[]; fieldKeyType?: FieldKeyType | undefined }): Promise<RecordView[]> {
    const { id: tableId } = await this.located(principal, 'record|create', table);
    if (input.records.length > MAX_RECORDS_PER_REQUEST) throw invalid('records', `at most ${MAX_RECORDS_PER_REQUEST} records per request`);
    const fields = await this.tables.fields(tableId);
    const keyType = input.fieldKeyType ?? 'name';
    const now = new Date().toISOString();
    const rows = input.records.map(
      (r, i): RecordRow => ({
        id: newId('rec'),
        table_id: tableId,
        cells: JSON.stringify(checkCells(r.fields, fields, keyType, `records.${i}.fields`)),
        created_by: principal.userId,
        created_time: now,
        last_modified_time: now,
        batch_position: i,
      }),
    );
    await this.records.insertMany(rows);
    return rows.map((row) => present(row, fields, keyType));
  }

  async list(principal: Principal, table: TableRef, query: { skip: number; take: number; fieldKeyType?: FieldKeyType | undefined }): Promise<RecordView[]> {
    const { id: tableId } = await this.located(principal, 'record|read', table);
    const fields = await this.tables.fields(tableId);
    const rows = await this.records.list(tableId, query.skip, query.take);
    return rows.map((row) => present(row, fields, query.fieldKeyType ?? 'name'));
  }

  async get(principal: Principal, table: TableRef, recordId: string, keyType: FieldKeyType = 'name'): Promise<RecordView> {
    const { id: tableId } = await this.located(principal, 'record|read', table);
    const row = await this.records.find(tableId, recordId);
    if (!row) throw notFound('record');
    return present(row, await this.tables.fields(tableId), keyType);
  }

  async update(principal: Principal, table: TableRef, recordId: string, input: { fields: Cells; fieldKeyType?: FieldKeyType | undefined }): Promise<RecordView> {
    const { id: tableId } = await this.located(principal, 'record|update', table);
    const row = await this.records.find(tableId, recordId);
    if (!row) throw notFound('record');
    const fields = await this.tables.fields(tableId);
    const keyType = input.fieldKeyType ?? 'name';
    const cells = { ...parseCells(row), ...checkCells(input.fields, fields, keyType, 'record.fields') };
    const now = new Date().toISOString();
    const updated = { ...row, cells: JSON.stringify(cells), last_modified_time: now };
    await this.records.update(tableId, recordId, updated.cells, now);
    return present(updated, fields, keyType);
  }

  /**
   * Several records changed at once, all or none: every record is found and every cell checked
   * before anything is written (a record named twice takes both changes, in order).
   */
  async updateMany(principal: Principal, table: TableRef, updates: readonly { recordId: string; fields: Cells }[], path: string): Promise<void> {
    const { id: tableId } = await this.located(principal, 'record|update', table);
    const fields = await this.tables.fields(tableId);
    const changed = new Map<string, Cells>();
    for (const [i, update] of updates.entries()) {
      let cells = changed.get(update.recordId);
      if (cells === undefined) {
        const row = await this.records.find(tableId, update.recordId);
        if (!row) throw notFound('record');
        cells = parseCells(row);
      }
      changed.set(update.recordId, { ...cells, ...checkCells(update.fields, fields, 'name', `${path}.${i}.row`) });
    }
    await this.records.updateMany(tableId, [...changed].map(([id, cells]) => ({ id, cells: JSON.stringify(cells) })), new Date().toISOString());
  }

  /** Several records deleted at once, all or none (404 when one is missing); a record named twice is deleted once. Returns how many. */
  async deleteMany(principal: Principal, table: TableRef, recordIds: readonly string[]): Promise<number> {
    const { id: tableId } = await this.located(principal, 'record|delete', table);
    const unique = [...new Set(recordIds)];
    if (!(await this.records.deleteMany(tableId, unique))) throw notFound('record');
    return unique.length;
  }

  async delete(principal: Principal, table: TableRef, recordId: string): Promise<void> {
    const { id: tableId } = await this.located(principal, 'record|delete', table);
    if (!(await this.records.delete(tableId, recordId))) throw notFound('record');
  }
}
