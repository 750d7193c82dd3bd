// Path and body pieces shared by the data-server routes (SeaTable's v1 and API-gateway v2).
import { Type } from '@sinclair/typebox';

export const V1 = '/dtable-server/api/v1/dtables/:dtableUuid';
export const V2 = '/api-gateway/api/v2/dtables/:dtableUuid';

export const UuidParams = Type.Object({ dtableUuid: Type.String({ maxLength: 64 }) });
export const RowParams = Type.Object({ dtableUuid: Type.String({ maxLength: 64 }), rowId: Type.String({ maxLength: 64 }) });

/** List queries; SeaTable's view and ordering options are tolerated (Tessera keeps insertion order). */
export const RowsQuery = Type.Object({
  table_name: Type.Optional(Type.String({ maxLength: 200 })),
  view_name: Type.Optional(Type.String({ maxLength: 200 })),
  start: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  order_by: Type.Optional(Type.String({ maxLength: 200 })),
  direction: Type.Optional(Type.String({ maxLength: 10 })),
  convert_link_id: Type.Optional(Type.String({ maxLength: 10 })),
  convert_keys: Type.Optional(Type.String({ maxLength: 10 })),
});

export const RowObject = Type.Record(Type.String(), Type.Unknown());
