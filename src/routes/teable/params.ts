// Path parameter schemas shared by the Teable routes.
import { Type } from '@sinclair/typebox';

const id = Type.String({ minLength: 1, maxLength: 64 });

export const SpaceParams = Type.Object({ spaceId: id });
export const BaseParams = Type.Object({ baseId: id });
export const TableParams = Type.Object({ baseId: id, tableId: id });
export const RecordTableParams = Type.Object({ tableId: id });
export const RecordParams = Type.Object({ tableId: id, recordId: id });
export const IdParams = Type.Object({ id });
export const FieldKeyType = Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('id')], { description: 'How record fields are keyed: by field name (default) or id' }));
