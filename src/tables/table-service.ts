// Tables: each declares its fields; records may only use declared fields.
import type { Guard } from '../auth/guard.js';
import type { Principal } from '../auth/principal.js';
import type { Action, Role } from '../auth/actions.js';
import type { BaseService } from '../bases/base-service.js';
import { newId } from '../crypto/ids.js';
import type { DataTableRow, FieldRow } from '../db/schema.js';
import { invalid, notFound } from '../errors.js';
import { FIELD_TYPES, isFieldType } from './field-types.js';
import type { LocatedTable, TableRepository } from './table-repository.js';

export interface FieldView {
  id: string;
  name: string;
  type: string;
  dbFieldName: string;
  isPrimary?: boolean;
}

export interface TableView {
  id: string;
  name: string;
  dbTableName: string;
  description?: string;
  order: number;
  lastModifiedTime: string;
}

const MAX_FIELDS = 200;

const fieldView = (field: FieldRow): FieldView => ({
  id: field.id,
  name: field.name,
  type: field.type,
  dbFieldName: field.id,
  ...(field.position === 0 ? { isPrimary: true } : {}),
});

const tableView = (table: DataTableRow, order: number): TableView => ({
  id: table.id,
  name: table.name,
  dbTableName: table.id,
  ...(table.description !== null ? { description: table.description } : {}),
  order,
  lastModifiedTime: table.created_time,
});

export class TableService {
  constructor(
    private readonly tables: TableRepository,
    private readonly baseService: BaseService,
    private readonly guard: Guard,
  ) {}

  /** The table, after checking `action` on the base it lies in (one read: the table, its space, the caller's role). */
  async locate(principal: Principal, action: Action, tableId: string, baseId?: string): Promise<LocatedTable> {
    const table = await this.tables.locate(tableId, principal.userId);
    if (!table || (baseId !== undefined && table.base_id !== baseId)) throw notFound('table');
    return this.authorize(principal, action, table);
  }

  /** A table read for this caller (`locate`, `TableRepository.findByName`): it may do `action` on it, or the guard refuses. */
  authorize(principal: Principal, action: Action, table: LocatedTable): LocatedTable {
    this.guard.baseWithRole(principal, action, { spaceId: table.space_id, baseId: table.base_id, role: table.role as Role | null }, 'table');
    return table;
  }

  fields(tableId: string): Promise<FieldRow[]> {
    return this.tables.fields(tableId);
  }

  async create(
    principal: Principal,
    baseId: string,
    input: { name?: string | undefined; description?: string | undefined; fields?: { name: string; type: string }[] | undefined },
  ): Promise<TableView & { fields: FieldView[]; views: never[]; records: never[] }> {
    await this.baseService.locate(principal, 'table|create', baseId);
    const name = (input.name ?? '').trim() || 'Table';
    if (name.length > 100) throw invalid('name', 'must be at most 100 characters');
    if (input.description !== undefined && input.description.length > 1000) throw invalid('description', 'must be at most 1000 characters');
    const declared = input.fields ?? [{ name: 'Name', type: 'singleLineText' }];
    if (declared.length === 0) throw invalid('fields', 'must declare at least one field');
    if (declared.length > MAX_FIELDS) throw invalid('fields', `must declare at most ${MAX_FIELDS} fields`);
    const table: DataTableRow = {
      id: newId('tbl'),
      base_id: baseId,
      name,
      description: input.description ?? null,
      created_time: new Date().toISOString(),
    };
    const seen = new Set<string>();
    const fields = declared.map((f, position): FieldRow => {
      const fieldName = f.name.trim();
      if (fieldName === '' || fieldName.length > 100) throw invalid(`fields.${position}.name`, 'must be 1 to 100 characters');
      if (seen.has(fieldName.toLowerCase())) throw invalid(`fields.${position}.name`, 'is declared twice');
      seen.add(fieldName.toLowerCase());
      if (!isFieldType(f.type)) throw invalid(`fields.${position}.type`, `must be one of ${FIELD_TYPES.join(', ')}`);
      return { id: newId('fld'), table_id: table.id, name: fieldName, type: f.type, position };
    });
    await this.tables.insert(table, fields);
    const order = (await this.tables.listInBase(baseId)).length - 1;
    return { ...tableView(table, order), fields: fields.map(fieldView), views: [], records: [] };
  }

  async list(principal: Principal, baseId: string): Promise<TableView[]> {
    await this.baseService.locate(principal, 'table|read', baseId);
    return (await this.tables.listInBase(baseId)).map((t, order) => tableView(t, order));
  }

  async get(principal: Principal, baseId: string, tableId: string): Promise<TableView & { fields: FieldView[] }> {
    const table = await this.locate(principal, 'table|read', tableId, baseId);
    const order = (await this.tables.listInBase(baseId)).findIndex((t) => t.id === tableId);
    return { ...tableView(table, order), fields: (await this.tables.fields(tableId)).map(fieldView) };
  }

  async delete(principal: Principal, baseId: string, tableId: string): Promise<void> {
    await this.locate(principal, 'table|delete', tableId, baseId);
    await this.tables.delete(tableId);
  }
}
