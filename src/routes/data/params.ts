// Path and body pieces shared by the data-server routes (SeaTable's v1 and API-gateway v2).
import { Type } from '@sinclair/typebox';

export const V1 = '/dtable-server/api/v1/dtables/:dtableUuid';
export const V2 = '/api-gateway/api/v2/dtables/:dtableUuid';

const dtableUuid = Type.String({ maxLength: 64, description: "The base's uuid (the base access token's `dtable_uuid`)" });

export const UuidParams = Type.Object({ dtableUuid });
export const RowParams = Type.Object({ dtableUuid, rowId: Type.String({ maxLength: 64 }) });

/** List queries; SeaTable's view and ordering options are tolerated (Tessera keeps insertion order). */
export const RowsQuery = Type.Object({
  table_name: Type.Optional(Type.String({ maxLength: 200, description: 'Required: the table' })),
  view_name: Type.Optional(Type.String({ maxLength: 200, description: 'Accepted and ignored' })),
  start: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'At most 1000 are answered' })),
  order_by: Type.Optional(Type.String({ maxLength: 200, description: 'Accepted and ignored' })),
  direction: Type.Optional(Type.String({ maxLength: 10, description: 'Accepted and ignored' })),
  convert_link_id: Type.Optional(Type.String({ maxLength: 10, description: 'Accepted and ignored' })),
  convert_keys: Type.Optional(Type.String({ maxLength: 10, description: 'Accepted and ignored' })),
});

export const RowObject = Type.Record(Type.String(), Type.Unknown(), { description: 'Cells by column name; keys starting with `_` are ignored' });

/** Where the v1 and v2 data servers say so in their summaries. */
export const version = (prefix: string): string => (prefix === V1 ? 'v1' : 'v2');
