// GET /api/table/{tableId}/record?take=&skip=&fieldKeyType=: {records} (needs record|read).
import { Type } from '@sinclair/typebox';
import type { App, RouteContext } from '../context.js';
import { DataRecord, TAGS, TeableError, ref } from '../shared-schemas.js';
import { FieldKeyType, RecordTableParams } from './params.js';

const Query = Type.Object({
  take: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Default 100' })),
  skip: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  fieldKeyType: FieldKeyType,
});

export default function register(app: App, ctx: RouteContext): void {
  app.get(
    '/api/table/:tableId/record',
    {
      onRequest: ctx.requireScope('record|read'),
      schema: {
        summary: "List a table's records",
        tags: [TAGS.teable.name],
        params: RecordTableParams,
        querystring: Query,
        response: { 200: Type.Object({ records: Type.Array(ref(DataRecord)) }), 404: ref(TeableError, 'No such table') },
      },
    },
    async (request) => {
      const { take = 100, skip = 0, fieldKeyType } = request.query;
      const records = await ctx.services.records.list(ctx.principal(request), request.params.tableId, { take, skip, fieldKeyType });
      return { records };
    },
  );
}
